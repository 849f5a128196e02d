package dev.weir.api;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.ProcessFunction;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.connector.CollectSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Processing-time timers with the wall clock: posted through the task's mailbox in a running job. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessingTimeInJobsTest {

    /** On a key's first record registers a timer {@code delay} ms later; the timer reports where it ran. */
    static final class TimerOnFirstRecord extends KeyedProcessFunction<Long, Long, String> {
        private final long delayMillis;
        private final boolean failInTimer;
        private ValueState<String> registeredOnThread;

        TimerOnFirstRecord(long delayMillis, boolean failInTimer) {
            this.delayMillis = delayMillis;
            this.failInTimer = failInTimer;
        }

        @Override
        public void open(OpenContext openContext) {
            registeredOnThread = getRuntimeContext().getState(new ValueStateDescriptor<>("thread", String.class));
        }

        @Override
        public void processElement(Long value, Context context, Collector<String> out) {
            if (registeredOnThread.value() == null) {
                registeredOnThread.update(Thread.currentThread().getName());
                context.timerService().registerProcessingTimeTimer(
                        context.timerService().currentProcessingTime() + delayMillis);
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext context, Collector<String> out) {
            if (failInTimer) {
                throw new IllegalStateException("timer failed");
            }
            boolean sameThread = Thread.currentThread().getName().equals(registeredOnThread.value());
            boolean late = context.timerService().currentProcessingTime() >= timestamp;
            out.collect("key " + context.getCurrentKey() + " sameThread=" + sameThread + " notEarly=" + late);
        }
    }

    @Test
    void timersFireDuringTheJobOnTheTaskThreadWithTheirKeyCurrent() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CollectSink<String> sink = new CollectSink<>();
        // about 300 ms of input; the timers are due 10 ms after each key's first record
        env.fromSource(new DataGeneratorSource<>(i -> i % 3, 300, RateLimiterStrategy.perSecond(1_000)), WatermarkStrategy.noWatermarks(), "Slow")
                .keyBy(x -> x).process(new TimerOnFirstRecord(10, false)).sinkTo(sink);
        JobExecutionResult result = env.execute();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(List.of("key 0 sameThread=true notEarly=true", "key 1 sameThread=true notEarly=true",
                "key 2 sameThread=true notEarly=true"), sink.results().stream().sorted().toList());
    }

    @Test
    void timersStillPendingAtTheEndOfInputNeitherFireNorKeepTheJobRunning() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(1, 100).keyBy(x -> x % 5).process(new TimerOnFirstRecord(60_000, false)).sinkTo(sink);
        JobExecutionResult result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> env.executeAsync().awaitResult());
        assertEquals(JobStatus.FINISHED, result.status());
        assertEquals(List.of(), sink.results());
    }

    @Test
    void aFailingTimerFailsTheJobNamingTheOperatorAndTheKey() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromSource(new DataGeneratorSource<>(i -> 42L, Long.MAX_VALUE, RateLimiterStrategy.perSecond(1_000)), WatermarkStrategy.noWatermarks(), "Endless")
                .keyBy(x -> x).process(new TimerOnFirstRecord(5, true)).name("Alarm").sinkTo(new CollectSink<>());
        JobExecutionResult result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> env.executeAsync().awaitResult());
        assertEquals(JobStatus.FAILED, result.status());
        String message = result.failureCause().getMessage();
        assertTrue(message.contains("'Alarm'") && message.contains("timer") && message.contains("'42'")
                && message.contains("timer failed"), message);
    }

    @Test
    void whenAProcessFunctionOnANonKeyedStreamRegistersATimer_thenTheJobFailsSayingTimersNeedAKeyedStream() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromSequence(1, 10).process(new ProcessFunction<Long, Long>() {
            @Override
            public void processElement(Long value, Context ctx, Collector<Long> out) {
                ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 1_000);
            }
        }).name("Reminder").sinkTo(new CollectSink<>());
        JobExecutionResult result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> env.executeAsync().awaitResult());
        assertEquals(JobStatus.FAILED, result.status());
        String message = result.failureCause().getMessage() + " / " + result.failureCause().getCause().getMessage();
        assertTrue(message.contains("'Reminder'") && message.contains("keyed stream") && message.contains("keyBy"),
                message);
    }
}
