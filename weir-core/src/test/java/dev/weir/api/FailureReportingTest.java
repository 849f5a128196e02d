package dev.weir.api;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.connector.Sink;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichMapFunction;
import dev.weir.connector.CollectSink;
import dev.weir.connector.DiscardingSink;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a failing job ends and what its failure says; cancelling a job. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FailureReportingTest {

    private static final Duration HANG_LIMIT = Duration.ofSeconds(10);

    private static String message(JobExecutionResult result) {
        assertEquals(JobStatus.FAILED, result.status());
        assertTrue(result.failureCause() != null, "a failed job has a cause");
        return result.failureCause().getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
    }

    @Test
    void whenAUserFunctionThrows_thenTheJobFailsNamingOperatorSubtaskAndRecord() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        IllegalStateException boom = new IllegalStateException("boom");
        env.fromSequence(0, 9) // subtask 1 reads 0..4, subtask 2 reads 5..9
                .map(x -> {
                    if (x == 7) {
                        throw boom;
                    }
                    return x;
                }).name("Explode")
                .sinkTo(new CollectSink<>());
        JobExecutionResult result = assertTimeoutPreemptively(HANG_LIMIT, () -> env.executeAsync().awaitResult());
        assertMentions(message(result), "'Explode'", "subtask 2/2", "'7'", "boom");
        assertSame(boom, result.failureCause().getCause());
        assertTrue(result.operators().size() == 3, "stats are still reported");
        JobExecutionException thrown = assertThrows(JobExecutionException.class, result::orThrow);
        assertSame(result.failureCause(), thrown.getCause());
        assertTrue(!result.isSuccess());
    }

    @Test
    void whenAnOperatorAfterAKeyByThrows_thenTheFailureNamesItAndItsSubtask() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        KeyedProcessFunction<Long, Long, Long> picky = new KeyedProcessFunction<>() {
            @Override
            public void processElement(Long x, Context context, Collector<Long> out) {
                if (x == 123) {
                    throw new ArithmeticException("bad number");
                }
            }
        };
        env.fromSequence(0, 299).keyBy(x -> x % 10).process(picky).name("Picky").uid("picky-1")
                .sinkTo(new DiscardingSink<>());
        JobExecutionResult result = assertTimeoutPreemptively(HANG_LIMIT, () -> env.executeAsync().awaitResult());
        int subtask = dev.weir.state.KeyGroups.subtaskForKey(3L, 128, 3) + 1;
        assertMentions(message(result), "'Picky'", "uid 'picky-1'", "subtask " + subtask + "/3", "'123'",
                "bad number");
    }

    @ParameterizedTest(name = "keyed operator parallelism {0}")
    @ValueSource(ints = {1, 2})
    void whenKeySelectorReturnsNull_thenJobFailsNamingOperatorAndRecord(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism);
        env.fromElements("a", "b", "no-key", "c")
                .keyBy(s -> s.equals("no-key") ? null : s)
                .count().name("Counter")
                .sinkTo(new CollectSink<>());
        JobExecutionResult result = assertTimeoutPreemptively(HANG_LIMIT, () -> env.executeAsync().awaitResult());
        assertMentions(message(result), "'Counter'", "'no-key'", "null");
    }

    @Test
    void whenTheKeySelectorThrows_thenTheFailureNamesTheRecordAndKeepsTheCause() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        env.fromElements("1", "2", "x3").keyBy(Integer::parseInt).count().name("Counter").sinkTo(new CollectSink<>());
        JobExecutionResult result = assertTimeoutPreemptively(HANG_LIMIT, () -> env.executeAsync().awaitResult());
        assertMentions(message(result), "'Counter'", "'x3'");
        assertInstanceOf(NumberFormatException.class, result.failureCause().getCause());
    }

    /** A map that fails in open on one subtask; counts open and close calls. */
    static final class FailingOpen extends RichMapFunction<Long, Long> {
        private final AtomicInteger closes;

        FailingOpen(AtomicInteger closes) {
            this.closes = closes;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                throw new java.io.IOException("cannot connect");
            }
        }

        @Override
        public Long map(Long value) {
            return value;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void whenOpenFails_thenTheJobFailsNamingTheOperatorAndOpen() {
        AtomicInteger closes = new AtomicInteger();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        env.fromSource(new DataGeneratorSource<>(i -> i, Long.MAX_VALUE), WatermarkStrategy.noWatermarks(), "Endless")
                .map(new FailingOpen(closes)).name("Connect")
                .sinkTo(new DiscardingSink<>());
        JobExecutionResult result = assertTimeoutPreemptively(HANG_LIMIT, () -> env.executeAsync().awaitResult());
        assertMentions(message(result), "'Connect'", "subtask 1/2", "open", "cannot connect");
        assertInstanceOf(java.io.IOException.class, result.failureCause().getCause());
        assertEquals(2, closes.get(), "close is called on every subtask, also after a failure");
    }

    @Test
    void whenTheSourceFails_thenTheFailureNamesTheSource() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromGenerator(100, i -> {
            if (i == 50) {
                throw new IllegalArgumentException("no record 50");
            }
            return i;
        }).name("Numbers").sinkTo(new CollectSink<>());
        JobExecutionResult result = assertTimeoutPreemptively(HANG_LIMIT, () -> env.executeAsync().awaitResult());
        assertMentions(message(result), "'Numbers'", "subtask 1/1", "no record 50");
    }

    @Test
    void whenASinkFailsInFinish_thenTheJobFails() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromElements(1, 2).sinkTo(new Sink<Integer>() {
            @Override
            public void write(Integer value) {
            }

            @Override
            public void finish() {
                throw new IllegalStateException("flush failed");
            }
        }).name("Flaky");
        JobExecutionResult result = assertTimeoutPreemptively(HANG_LIMIT, () -> env.executeAsync().awaitResult());
        assertMentions(message(result), "'Flaky'", "flush failed");
    }

    /** Counts records per instance; one subtask fails after a few, the others would run forever. */
    static final class FailAfter extends RichMapFunction<Long, Long> {
        private final AtomicInteger closes;
        private int subtask;
        private long seen;

        FailAfter(AtomicInteger closes) {
            this.closes = closes;
        }

        @Override
        public void open(OpenContext openContext) {
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }

        @Override
        public Long map(Long value) {
            if (subtask == 1 && ++seen == 5_000) {
                throw new IllegalStateException("subtask 1 gives up");
            }
            return value;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void whenOneTaskFails_thenAllOtherTasksOfAnEndlessJobAreStoppedAndClosed() {
        AtomicInteger closes = new AtomicInteger();
        AtomicInteger sinkCloses = new AtomicInteger();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3).setBatchSize(64).setChannelCapacity(2);
        env.fromSource(new DataGeneratorSource<>(i -> i, Long.MAX_VALUE), WatermarkStrategy.noWatermarks(), "Endless").setParallelism(2)
                .rebalance()
                .map(new FailAfter(closes)).name("Gives up")
                .keyBy(x -> x % 100)
                .sum(x -> x)
                .sinkTo(new Sink<KeyValue<Long, Long>>() {
                    @Override
                    public void write(KeyValue<Long, Long> value) {
                    }

                    @Override
                    public void close() {
                        sinkCloses.incrementAndGet();
                    }
                });
        JobExecutionResult result = assertTimeoutPreemptively(HANG_LIMIT, () -> env.executeAsync().awaitResult());
        assertMentions(message(result), "'Gives up'", "subtask 2/3", "subtask 1 gives up");
        assertEquals(3, closes.get());
        assertEquals(3, sinkCloses.get());
    }

    @Test
    void cancellingAnEndlessRateLimitedJobEndsItAsCanceled() throws Exception {
        CountDownLatch running = new CountDownLatch(10);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("ticker");
        env.fromSource(new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(2_000)), WatermarkStrategy.noWatermarks(), "Ticks")
                .keyBy(x -> x % 4).count()
                .sinkTo(value -> running.countDown());
        JobClient client = env.executeAsync();
        assertEquals("ticker", client.getJobName());
        assertTrue(running.await(10, TimeUnit.SECONDS), "the job should produce records");
        client.cancel();
        JobExecutionResult result = client.awaitResult(HANG_LIMIT);
        assertEquals(JobStatus.CANCELED, result.status());
        assertNull(result.failureCause());
        JobExecutionException e = assertThrows(JobExecutionException.class, result::orThrow);
        assertTrue(e.getMessage().contains("canceled"), e.getMessage());
        assertSame(result, client.awaitResult(), "the result does not change");
    }

    @Test
    void cancellingAJobWhoseSourceIsBlockedByBackpressureEndsIt() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setBatchSize(4).setChannelCapacity(1);
        env.fromSource(new DataGeneratorSource<>(i -> i, Long.MAX_VALUE), WatermarkStrategy.noWatermarks(), "Flood")
                .rebalance()
                .sinkTo(value -> {
                    writing.countDown();
                    Thread.sleep(20);
                });
        JobClient client = env.executeAsync();
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        Thread.sleep(50); // the channel is full and the source is blocked in put
        client.cancel();
        assertEquals(JobStatus.CANCELED, client.awaitResult(HANG_LIMIT).status());
    }

    @Test
    void awaitingWithATimeoutOnARunningJobTimesOut() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromSource(new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(100)), WatermarkStrategy.noWatermarks(), "Slow").sinkTo(new DiscardingSink<>());
        JobClient client = env.executeAsync();
        try {
            assertThrows(java.util.concurrent.TimeoutException.class, () -> client.awaitResult(Duration.ofMillis(50)));
        } finally {
            client.cancel();
            assertEquals(JobStatus.CANCELED, client.awaitResult(HANG_LIMIT).status());
        }
    }

    @Test
    void cancellingAJobThatAlreadyFinishedLeavesItFinished() throws Exception {
        CountDownLatch sinkClosed = new CountDownLatch(1);
        AtomicLong written = new AtomicLong();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromSequence(1, 10).sinkTo(new Sink<Long>() {
            @Override
            public void write(Long value) {
                written.incrementAndGet();
            }

            @Override
            public void close() {
                sinkClosed.countDown();
            }
        });
        JobClient client = env.executeAsync();
        assertTrue(sinkClosed.await(10, TimeUnit.SECONDS));
        Thread.sleep(200); // let the task thread end
        client.cancel();
        JobExecutionResult result = client.awaitResult(HANG_LIMIT);
        assertEquals(10, written.get());
        assertEquals(JobStatus.FINISHED, result.status(), "the job had ended before cancel()");
    }
}
