package dev.weir.flink.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weir.api.Collector;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.typeinfo.Types;
import dev.weir.connector.datagen.DataGeneratorSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
