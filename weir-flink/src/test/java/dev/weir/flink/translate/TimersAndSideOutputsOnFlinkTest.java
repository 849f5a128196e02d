package dev.weir.flink.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.ProcessFunction;
import dev.weir.api.typeinfo.Types;
import dev.weir.connector.datagen.DataGeneratorSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimersAndSideOutputsOnFlinkTest {

    static final OutputTag<String> TENS = new OutputTag<>("tens", String.class);
    static final OutputTag<Long> ODD = new OutputTag<>("odd", Long.class);

    /**
     * Event time from the records, a non-keyed process function splitting odd numbers to a side output, and a
     * keyed process function with event-time timers and a side output of its own.
     */
    public static final class EventTimeProgram {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            var split = env.fromSequence(1, 400).setParallelism(1)
                    .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forBoundedOutOfOrderness(
                            Duration.ofMillis(5)).withTimestampAssigner((value, previous) -> value * 10))
                    .setParallelism(1)
                    .process(new Splitter()).setParallelism(1);
            split.getSideOutput(ODD).map(v -> "odd " + v).sinkTo(Outputs.sink(args[0] + "-odd"));
            var timed = split.keyBy(v -> v % 4).process(new EventTimers());
            timed.sinkTo(Outputs.sink(args[0] + "-main"));
            timed.getSideOutput(TENS).sinkTo(Outputs.sink(args[0] + "-tens"));
            env.execute("event-time-program");
        }
    }

    static final class Splitter extends ProcessFunction<Long, Long> {
        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            if (value % 2 == 1) {
                ctx.output(ODD, value);
            } else {
                out.collect(value);
            }
        }
    }

    static final class EventTimers extends KeyedProcessFunction<Long, Long, String> {
        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 15);
            if (value % 10 == 0) {
                ctx.output(TENS, "ten " + value + " of key " + ctx.getCurrentKey());
            }
            out.collect("record " + value + " key " + ctx.getCurrentKey() + " at " + ctx.timestamp());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect("timer " + timestamp + " key " + ctx.getCurrentKey() + " " + ctx.timeDomain() + " at "
                    + ctx.timestamp());
            if (timestamp % 100 == 15) {
                ctx.output(TENS, "timer side output " + timestamp);
            }
        }
    }

    /** A slow source and processing-time timers that fire while it runs. */
    public static final class ProcessingTimeProgram {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.fromSource(new DataGeneratorSource<>(index -> index, 40, RateLimiterStrategy.perSecond(40), Types.LONG),
                            WatermarkStrategy.noWatermarks(), "slow")
                    .keyBy(v -> v % 2)
                    .process(new ProcessingTimers())
                    .sinkTo(Outputs.sink(args[0]));
            env.execute("processing-time-program");
        }
    }

    static final class ProcessingTimers extends KeyedProcessFunction<Long, Long, String> {
        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 10);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect("key " + ctx.getCurrentKey() + " " + ctx.timeDomain() + " late by "
                    + (ctx.timerService().currentProcessingTime() >= timestamp ? "nothing" : "early!"));
        }
    }

    /** Processing-time timers a minute away, pending when the (fast, bounded) input ends. */
    public static final class PendingAtEndProgram {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.fromSequence(1, 5)
                    .keyBy(v -> v)
                    .process(new KeyedProcessFunction<Long, Long, String>() {
                        @Override
                        public void processElement(Long value, Context ctx, Collector<String> out) {
                            ctx.timerService().registerProcessingTimeTimer(
                                    ctx.timerService().currentProcessingTime() + 60_000);
                            out.collect("record " + value);
                        }

                        @Override
                        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
                            out.collect("timer of " + ctx.getCurrentKey());
                        }
                    })
                    .sinkTo(Outputs.sink(args[0]));
            env.execute("pending-at-end");
        }
    }

    @Test
    void processingTimeTimersPendingWhenTheInputEndsAreDroppedOnFlinkAsOnTheLocalRuntime() throws Exception {
        FlinkRuns.runLocal(PendingAtEndProgram.class, "pending-local");
        FlinkRuns.runOnFlink(PendingAtEndProgram.class, 1, "pending-flink");

        List<String> expected = List.of("record 1", "record 2", "record 3", "record 4", "record 5");
        assertEquals(expected, KeyedStateOnFlinkTest.sorted(Outputs.take("pending-local")));
        assertEquals(expected, KeyedStateOnFlinkTest.sorted(Outputs.take("pending-flink")));
    }

    @Test
    void eventTimeTimersAndSideOutputsGiveTheSameOutputOnFlinkAsOnTheLocalRuntime() throws Exception {
        FlinkRuns.runLocal(EventTimeProgram.class, "event-local");
        FlinkRuns.runOnFlink(EventTimeProgram.class, 2, "event-flink");

        for (String output : List.of("-odd", "-main", "-tens")) {
            List<String> local = KeyedStateOnFlinkTest.sorted(Outputs.take("event-local" + output));
            List<String> flink = KeyedStateOnFlinkTest.sorted(Outputs.take("event-flink" + output));
            assertTrue(!local.isEmpty(), output);
            assertEquals(local, flink, output);
        }
    }

    @Test
    void processingTimeTimersFireOnFlinkWhileTheSourceRuns() throws Exception {
        FlinkRuns.runOnFlink(ProcessingTimeProgram.class, 1, "processing-flink");

        List<String> fired = Outputs.take("processing-flink");
        assertTrue(fired.size() >= 10, "timers fired: " + fired);
        assertTrue(fired.stream().allMatch(s -> s.endsWith("PROCESSING_TIME late by nothing")), fired.toString());
        assertTrue(fired.stream().anyMatch(s -> s.startsWith("key 0")), fired.toString());
        assertTrue(fired.stream().anyMatch(s -> s.startsWith("key 1")), fired.toString());
    }
}
