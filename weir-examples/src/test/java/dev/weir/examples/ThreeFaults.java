package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.Sink;
import dev.weir.api.connector.Source;
import dev.weir.api.spi.SubtaskInfo;
import dev.weir.api.testing.FaultInjector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault plan of the counts fault-injection tests: one failure at {@code point} in each of the
 * attempts 0..2, in the first subtask, after checkpoint 1. Attempt 0 has nothing to restore, so a
 * plan for RESTORE fails attempt 0 in the asynchronous part of a snapshot instead.
 * {@link #runCounts} runs the counts job with this plan, whatever its source and sink.
 */
final class ThreeFaults implements FaultInjector {
    private final Point point;
    private final AtomicInteger injected = new AtomicInteger();

    ThreeFaults(Point point) {
        this.point = point;
    }

    @Override
    public void at(Point at, SubtaskInfo task, long checkpointId, int attempt) {
        Point here = point == Point.RESTORE && attempt == 0 ? Point.ASYNC_SNAPSHOT : point;
        if (at == here && attempt < 3 && (task == null || task.subtaskIndex() == 0)
                && injected.get() == attempt && (at == Point.RESTORE || checkpointId != 1)) {
            injected.incrementAndGet();
            throw new InjectedFault("injected at " + at + " in attempt " + attempt);
        }
    }

    int injected() {
        return injected.get();
    }

    /**
     * Runs the counts job ({@link Counts#define}) at parallelism 2 from {@code source} to
     * {@code sink}, checkpointing every {@code intervalMs} into {@code checkpoints}, with three faults
     * at {@code point}, and asserts that it recovered from each: it finished after exactly 3 faults and
     * 3 restarts, with at least 2 completed checkpoints. The caller checks the output.
     */
    static JobExecutionResult runCounts(String jobName, Path checkpoints, long intervalMs, Point point,
                                        Source<Counts.Event, ?> source, String sourceUid,
                                        Sink<Counts.Line> sink, String sinkUid) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setJobName(jobName);
        env.enableCheckpointing(intervalMs);
        env.getCheckpointConfig().setDirectory(checkpoints.toString());
        env.setRestartStrategy(RestartStrategy.fixedDelay(10, Duration.ofMillis(1)));
        ThreeFaults faults = new ThreeFaults(point);
        env.setFaultInjector(faults);
        Counts.define(env, source, sourceUid, sink, sinkUid);

        JobExecutionResult result = env.execute();
        System.err.printf(Locale.ROOT, "%s, faults at %s: %s in %d ms, %d restarts, %d of %d checkpoints completed%n",
                jobName, point, result.status(), result.duration().toMillis(), result.restarts(),
                result.completedCheckpoints().size(), result.checkpoints().size());

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(3, faults.injected(), "faults injected at " + point);
        assertEquals(3, result.restarts());
        assertTrue(result.completedCheckpoints().size() >= 2);
        return result;
    }
}
