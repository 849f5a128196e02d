package dev.weir.flink.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.Collector;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.typeinfo.Types;
import dev.weir.connector.datagen.DataGeneratorSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Watermarks of a translated source reach the operators after it while the source runs (not only at the end of its
 * input), as on Weir's local runtime: each record written with the watermark its keyed process function saw.
 */
class WatermarksOnFlinkTest {

    static final long RECORDS = 3_000;
    static final long RATE = 1_500;

    /**
     * A rate-limited generator (parallelism 1, event time 10 ms per record, bounded out-of-orderness of 2 s)
     * feeding a keyed process function at parallelism 2 that writes, per record, the watermark it sees.
     */
    public static final class SlowSourceProgram {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.fromSource(new DataGeneratorSource<>(index -> index, RECORDS, RateLimiterStrategy.perSecond(RATE),
                                    Types.LONG),
                            WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                                    .withTimestampAssigner((value, previous) -> value * 10), "slow")
                    .setParallelism(1)
                    .keyBy(v -> v % 2)
                    .process(new WatermarkSeen())
                    .sinkTo(Outputs.sink(args[0]));
            env.execute("slow-source-watermarks");
        }
    }

    /**
     * As {@link SlowSourceProgram}, but the source runs at parallelism 2 and only its first subtask has a split:
     * the other is idle and must not hold back the watermark of the operator after it.
     */
    public static final class IdleSubtaskProgram {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.fromSource(new FirstSubtaskOnly<>(new DataGeneratorSource<>(index -> index, RECORDS,
                                    RateLimiterStrategy.perSecond(RATE), Types.LONG)),
                            WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                                    .withTimestampAssigner((value, previous) -> value * 10), "one-split", Types.LONG)
                    .keyBy(v -> v % 2)
                    .process(new WatermarkSeen())
                    .sinkTo(Outputs.sink(args[0]));
            env.execute("idle-subtask-watermarks");
        }
    }

    /** A source whose splits all go to subtask 0: every other subtask has nothing to read. */
    record FirstSubtaskOnly<T, S>(Source<T, S> all) implements Source<T, S> {
        @Override
        public List<S> initialSplits(int subtaskIndex, int parallelism) throws Exception {
            return subtaskIndex == 0 ? all.initialSplits(0, 1) : List.of();
        }

        @Override
        public SourceReader<T, S> createReader(SourceContext context, List<S> splits) throws Exception {
            return all.createReader(context, splits);
        }

        @Override
        public Class<S> splitType() {
            return all.splitType();
        }
    }

    /** Writes {@code seq,watermark} for each record. */
    static final class WatermarkSeen extends KeyedProcessFunction<Long, Long, String> {
        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            out.collect(value + "," + ctx.timerService().currentWatermark());
        }
    }

    /** The records of the second half of the run (over a second after the start) that saw no watermark yet. */
    private static List<String> laterRecordsWithoutWatermark(List<String> seen) {
        return seen.stream()
                .filter(line -> Long.parseLong(line.substring(0, line.indexOf(','))) >= RECORDS / 2)
                .filter(line -> Long.parseLong(line.substring(line.indexOf(',') + 1)) == Long.MIN_VALUE)
                .sorted().toList();
    }

    @Test
    void theWatermarkOfARateLimitedSourceReachesTheNextOperatorWhileTheSourceRunsOnFlinkAsOnTheLocalRuntime()
            throws Exception {
        FlinkRuns.runLocal(SlowSourceProgram.class, "slow-local");
        FlinkRuns.runOnFlink(SlowSourceProgram.class, 2, "slow-flink");

        List<String> local = Outputs.take("slow-local");
        List<String> flink = Outputs.take("slow-flink");
        assertEquals(RECORDS, local.size());
        assertEquals(RECORDS, flink.size());
        assertEquals(List.of(), laterRecordsWithoutWatermark(local), "local runtime");
        List<String> late = laterRecordsWithoutWatermark(flink);
        assertEquals(List.of(), late.subList(0, Math.min(20, late.size())),
                "on Flink " + late.size() + " records over a second into the run saw no watermark");
    }

    @Test
    void aSourceSubtaskWithoutSplitsDoesNotHoldBackTheWatermarkWhileTheOtherRunsOnFlinkAsOnTheLocalRuntime()
            throws Exception {
        FlinkRuns.runLocal(IdleSubtaskProgram.class, "idle-local");
        FlinkRuns.runOnFlink(IdleSubtaskProgram.class, 2, "idle-flink");

        List<String> local = Outputs.take("idle-local");
        List<String> flink = Outputs.take("idle-flink");
        assertEquals(RECORDS, local.size());
        assertEquals(RECORDS, flink.size());
        assertEquals(List.of(), laterRecordsWithoutWatermark(local), "local runtime");
        List<String> late = laterRecordsWithoutWatermark(flink);
        assertEquals(List.of(), late.subList(0, Math.min(20, late.size())),
                "on Flink " + late.size() + " records over a second into the run saw no watermark");
    }
}
