package dev.weir.runtime;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.StreamExecutionEnvironment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The buffer timeout bounds how long a busy task holds a record it emitted. Each job here has a slow
 * stage whose input is queued in full before it starts, so it never goes idle (and so never flushes
 * for that reason) until its input is done; a sink in the next task notes when a record arrives and
 * how far the slow stage had got. These tests check where delivery happens (while the producer is
 * still busy, or only at its end), not how precise the timing is: the bounds are generous.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BufferTimeoutTest {
    private static final long NOT_YET = -1;

    /** Shared by the slow stage and the sink (functions are copied shallowly per subtask). */
    record Progress(AtomicLong processed, AtomicLong emittedNanos, AtomicLong arrivedNanos,
                    AtomicLong processedAtArrival, List<Long> arrivals) {
        Progress() {
            this(new AtomicLong(), new AtomicLong(NOT_YET), new AtomicLong(NOT_YET), new AtomicLong(NOT_YET),
                    new CopyOnWriteArrayList<>());
        }

        void arrived(long value) {
            arrivedNanos.compareAndSet(NOT_YET, System.nanoTime());
            processedAtArrival.compareAndSet(NOT_YET, processed.get());
            arrivals.add(value);
        }

        boolean hasArrived(long value) {
            return arrivals.contains(value);
        }

        long latencyMillis() {
            return TimeUnit.NANOSECONDS.toMillis(arrivedNanos.get() - emittedNanos.get());
        }
    }

    private static final long MARKED = 10;

    /**
     * source of {@code inputs} records → slow stage (1 ms per record, emits only record
     * {@link #MARKED}; once that has arrived it hurries through the rest) → sink noting the arrival.
     * Parallelism 1; both arrows are channels between tasks.
     */
    private static JobExecutionResult runSlowStage(long inputs, long jobTimeout, Long operatorTimeout, Progress progress) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setBufferTimeout(jobTimeout);
        SingleOutputStreamOperator<Long> slow = env.fromSource(new DataGeneratorSource<>(i -> i, inputs), WatermarkStrategy.noWatermarks(), "Source")
                .rebalance()
                .<Long>flatMap((i, out) -> {
                    if (i == MARKED) {
                        progress.emittedNanos().set(System.nanoTime());
                        out.collect(i);
                    }
                    progress.processed().incrementAndGet();
                    if (progress.arrivedNanos().get() == NOT_YET) {
                        LockSupport.parkNanos(1_000_000); // busy, but not idle: more input is queued
                    }
                }).name("Slow");
        if (operatorTimeout != null) {
            slow.setBufferTimeout(operatorTimeout);
        }
        slow.rebalance().sinkTo(progress::arrived).name("Arrivals");
        return env.execute();
    }

    @ParameterizedTest(name = "job timeout {0} ms, operator timeout {1}")
    @CsvSource(value = {"50, null", "-1, 50", "50, -1"}, nullValues = "null")
    void aRecordEmittedByABusyTaskArrivesWhileThatTaskIsStillBusy(long jobTimeout, Long operatorTimeout) {
        long inputs = 5_000; // 5 s of work at least, were the record held until the end
        Progress progress = new Progress();

        JobExecutionResult result = runSlowStage(inputs, jobTimeout, operatorTimeout, progress);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(List.of(MARKED), progress.arrivals());
        assertTrue(progress.processedAtArrival().get() < inputs, "the record emitted at input " + MARKED
                + " arrived only after the slow stage had processed all " + inputs + " inputs, "
                + progress.latencyMillis() + " ms after it was emitted");
        assertTrue(progress.latencyMillis() < 4_000, "arrived " + progress.latencyMillis() + " ms after it was "
                + "emitted; the timeout is 50 ms");
    }

    @Test
    void withoutATimeoutABusyTaskHoldsAPartialBatchUntilItsInputIsDone() {
        long inputs = 1_500;
        Progress progress = new Progress();

        JobExecutionResult result = runSlowStage(inputs, -1, null, progress);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(List.of(MARKED), progress.arrivals());
        assertEquals(inputs, progress.processedAtArrival().get(),
                "with buffer timeout -1 the record waits for a full batch or the end of the busy stretch");
    }

    @Test
    void withTimeoutZeroEveryRecordIsHandedOverAsItIsEmitted() {
        Progress progress = new Progress();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setBufferTimeout(0);
        env.fromSource(new DataGeneratorSource<>(i -> i, 5), WatermarkStrategy.noWatermarks(), "Source")
                .rebalance()
                .<Long>flatMap((i, out) -> {
                    out.collect(i);
                    // Still inside the call: no later check could have flushed it, only the emit itself.
                    awaitArrival(progress, i);
                }).name("Slow")
                .rebalance().sinkTo(progress::arrived).name("Arrivals");

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), progress.arrivals());
    }

    @Test
    void aRecordEmittedEarlyInOneLongCallIsHandedOverAtALaterEmitOnceTheTimeoutHasPassed() {
        Progress progress = new Progress();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setBufferTimeout(20);
        env.fromSource(new DataGeneratorSource<>(i -> i, 1), WatermarkStrategy.noWatermarks(), "Source")
                .rebalance()
                .<Long>flatMap((i, out) -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    out.collect(0L);
                    // One long call that emits now and then: the task never returns to its input loop.
                    for (long next = 1; !progress.hasArrived(0L); next++) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("record 0 not handed over within 10 s though " + (next - 1)
                                    + " records were emitted after it with a 20 ms buffer timeout");
                        }
                        LockSupport.parkNanos(30_000_000);
                        out.collect(next);
                    }
                }).name("Slow")
                .rebalance().sinkTo(progress::arrived).name("Arrivals");

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(0L, progress.arrivals().get(0));
    }

    @Test
    void aBufferTimeoutBelowMinusOneIsRejectedNamingTheOption() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> env.setBufferTimeout(-2)).getMessage()
                .contains("bufferTimeout"));
        SingleOutputStreamOperator<Long> map = env.fromSequence(0, 1).map(i -> i).name("Double");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> map.setBufferTimeout(-5)).getMessage()
                .contains("'Double'"));
        assertEquals(100, env.getBufferTimeout(), "the default, as in Flink");
        assertEquals(0, env.setBufferTimeout(0).getBufferTimeout());
    }

    private static void awaitArrival(Progress progress, long value) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!progress.hasArrived(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("record " + value + " was not handed over while its producer waited 10 s");
            }
            LockSupport.parkNanos(100_000);
        }
    }
}
