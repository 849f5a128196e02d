package dev.weir.flink.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.KeyValue;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.functions.RichMapFunction;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.typeinfo.Types;
import dev.weir.connector.datagen.DataGeneratorSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartOnFlinkTest {

    static final int RECORDS = 600;
    static final int KEYS = 5;

    /** Per run (args[0]): whether a checkpoint completed, whether the map failed, records mapped in all attempts. */
    static final Map<String, Boolean> CHECKPOINTED = new ConcurrentHashMap<>();
    static final Map<String, Boolean> FAILED = new ConcurrentHashMap<>();
    static final Map<String, AtomicLong> MAPPED = new ConcurrentHashMap<>();

    /**
     * A slow source, a map that counts its records in operator state (a CheckpointedFunction) and fails once after
     * the first completed checkpoint, and a rolling count per key: args are the run's name, checkpoint directory and
     * optionally "no-restarts" (the failure ends the job) or "latest" (start from the latest checkpoint).
     */
    public static final class FailingOnce {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.enableCheckpointing(100);
            env.getCheckpointConfig().setDirectory(args[1]);
            env.setRestartStrategy(args.length > 2 && args[2].equals("no-restarts") ? RestartStrategy.none()
                    : RestartStrategy.fixedDelay(3, Duration.ofMillis(100)));
            if (args.length > 2 && args[2].equals("latest")) {
                env.restoreFrom("latest");
            }
            var counted = env.fromSource(new DataGeneratorSource<>(index -> index, RECORDS,
                            RateLimiterStrategy.perSecond(400), Types.LONG), WatermarkStrategy.noWatermarks(), "slow")
                    .map(new CountingFailer(args[0])).uid("counting-failer");
            counted.sinkTo(Outputs.sink(args[0] + "-seen"));
            counted.keyBy(s -> Long.parseLong(s.substring(0, s.indexOf(' '))) % KEYS).count().uid("count")
                    .map(KeyValue::toString)
                    .sinkTo(Outputs.sink(args[0] + "-counts"));
            env.execute("failing-once");
        }
    }

    static final class CountingFailer extends RichMapFunction<Long, String>
            implements CheckpointedFunction, CheckpointListener {
        private final String run;
        private transient ListState<Long> countState;
        private long count;

        CountingFailer(String run) {
            this.run = run;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            countState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Long.class));
            count = 0;
            for (Long c : countState.get()) {
                count += c;
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            countState.update(List.of(count));
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.put(run, true);
        }

        @Override
        public String map(Long value) {
            MAPPED.computeIfAbsent(run, r -> new AtomicLong()).incrementAndGet();
            if (value >= RECORDS / 2 && CHECKPOINTED.getOrDefault(run, false)
                    && FAILED.putIfAbsent(run, true) == null) {
                throw new IllegalStateException("failing once on purpose at " + value);
            }
            count++;
            return value + " seen " + count;
        }
    }

    @Test
    void aJobRestartedAfterAFailureOnFlinkRestoresKeyedAndOperatorStateExactly(@TempDir Path checkpoints)
            throws Exception {
        FlinkRuns.runOnFlink(FailingOnce.class, 1, "restart-flink", checkpoints.toString());

        assertEquals(Boolean.TRUE, FAILED.get("restart-flink"), "the map failed once");
        long mapped = MAPPED.get("restart-flink").get();
        assertTrue(mapped > RECORDS && mapped < 2L * RECORDS,
                "after the failure the job went on from a checkpoint, not from the start: the map saw " + mapped);
        assertEquals(RECORDS, maxSeen(Outputs.take("restart-flink-seen")),
                "the operator state (a CheckpointedFunction's count) was restored exactly");
        Map<String, Long> counts = maxCounts(Outputs.take("restart-flink-counts"));
        assertEquals(KEYS, counts.size(), counts.toString());
        counts.forEach((key, count) -> assertEquals(RECORDS / KEYS, count, "keyed count of key " + key));
    }

    @Test
    void theSameJobOnTheLocalRuntimeGivesTheSameFinalState(@TempDir Path checkpoints) throws Exception {
        FlinkRuns.runLocal(FailingOnce.class, "restart-local", checkpoints.toString());

        assertEquals(Boolean.TRUE, FAILED.get("restart-local"));
        assertEquals(RECORDS, maxSeen(Outputs.take("restart-local-seen")));
        maxCounts(Outputs.take("restart-local-counts")).forEach((key, count) -> assertEquals(RECORDS / KEYS, count));
    }

    @Test
    void aJobThatFailedOnFlinkResumesFromItsLatestCheckpointInALaterRun(@TempDir Path checkpoints) throws Exception {
        Exception failed = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> FlinkRuns.runOnFlink(FailingOnce.class, 1, "resume-first", checkpoints.toString(),
                        "no-restarts"));
        assertTrue(FAILED.containsKey("resume-first"), failed.toString());
        long seenBefore = maxSeen(Outputs.take("resume-first-seen"));
        Outputs.take("resume-first-counts");

        FAILED.put("resume-second", true); // the second run does not fail
        FlinkRuns.runOnFlink(FailingOnce.class, 1, "resume-second", checkpoints.toString(), "latest");

        List<String> seen = Outputs.take("resume-second-seen");
        assertTrue(seenBefore > 0 && seen.size() < RECORDS, "the second run went on from a checkpoint of the first: "
                + "it read " + seen.size() + " records after the first saw " + seenBefore);
        assertEquals(RECORDS, maxSeen(seen), "operator state restored from the first run");
        Map<String, Long> counts = maxCounts(Outputs.take("resume-second-counts"));
        assertEquals(KEYS, counts.size(), counts.toString());
        counts.forEach((key, count) -> assertEquals(RECORDS / KEYS, count, "keyed count of key " + key));
    }

    @Test
    void aJobSubmittedByTheRunnerResumesFromItsLatestCheckpointInALaterRun(@TempDir Path checkpoints)
            throws Exception {
        dev.weir.api.JobExecutionResult first = FlinkRuns.runThroughExecutor(FailingOnce.class, "submit-first",
                checkpoints.toString(), "no-restarts");
        assertEquals(dev.weir.api.JobStatus.FAILED, first.status(), String.valueOf(first.failureCause()));
        assertEquals(0, first.restarts(), "the failure ended the job");
        assertTrue(String.valueOf(first.failureCause()).contains("failing once on purpose"),
                "the cause names the user's failure: " + first.failureCause());
        long seenBefore = maxSeen(Outputs.take("submit-first-seen"));
        Outputs.take("submit-first-counts");

        FAILED.put("submit-second", true); // the second run does not fail
        dev.weir.api.JobExecutionResult second = FlinkRuns.runThroughExecutor(FailingOnce.class, "submit-second",
                checkpoints.toString(), "latest");

        assertEquals(dev.weir.api.JobStatus.FINISHED, second.status(), String.valueOf(second.failureCause()));
        assertEquals(0, second.restarts());
        List<String> seen = Outputs.take("submit-second-seen");
        assertTrue(seenBefore > 0 && seen.size() < RECORDS, "the second run went on from a checkpoint of the first: "
                + "it read " + seen.size() + " records after the first saw " + seenBefore);
        assertEquals(RECORDS, maxSeen(seen), "operator state restored from the first run");
        maxCounts(Outputs.take("submit-second-counts")).forEach((key, count) ->
                assertEquals(RECORDS / KEYS, count, "keyed count of key " + key));
    }

    @Test
    void aJobSubmittedByTheRunnerReportsItsRestart(@TempDir Path checkpoints) throws Exception {
        dev.weir.api.JobExecutionResult result = FlinkRuns.runThroughExecutor(FailingOnce.class, "submit-restart",
                checkpoints.toString());

        assertEquals(dev.weir.api.JobStatus.FINISHED, result.status(), String.valueOf(result.failureCause()));
        assertEquals(1, result.restarts(), "the map failed once and the job restarted once");
        assertEquals(RECORDS, maxSeen(Outputs.take("submit-restart-seen")));
        Outputs.take("submit-restart-counts");
    }

    private static long maxSeen(List<String> lines) {
        return lines.stream().mapToLong(s -> Long.parseLong(s.substring(s.lastIndexOf(' ') + 1))).max().orElse(-1);
    }

    /** The largest count per key of lines "KeyValue[key=k, value=n]" (or whatever KeyValue prints: key first). */
    private static Map<String, Long> maxCounts(List<String> lines) {
        Map<String, Long> max = new HashMap<>();
        for (String line : lines) {
            String[] numbers = line.replaceAll("[^0-9]+", " ").trim().split(" ");
            max.merge(numbers[0], Long.parseLong(numbers[numbers.length - 1]), Math::max);
        }
        return max;
    }
}
