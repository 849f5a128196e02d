package dev.weir.runtime;

import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The buffer timeout of one task: bounds how long a record waits in a partly filled output batch
 * while the task is busy. (An idle task flushes anyway before it waits.)
 *
 * <p>Every period (the shortest timeout of its writers) the job's timer thread
 * {@linkplain #requestFlush() raises a flag}; the task thread checks it ({@link #flushIfDue}) after
 * each input record it has processed and after each record it emits, and hands its partial batches
 * over when it is set. So a record reaches the
 * next task at most about one period after it was emitted, even inside a long run of slow records.
 * Precision is the timer's period plus the time to process one record.
 *
 * <p>Why a flag and not a mailbox action: the task runs its mailbox only between input batches, and
 * one batch of slow records can take far longer than the timeout. Why the timer does not flush
 * itself (as Flink's OutputFlusher thread does): a channel has a single producer, the task thread,
 * and a batch being filled is that thread's alone. The flag costs a task with timed writers one
 * volatile read per record, and a task without them nothing; the flush itself runs on the task thread
 * and calls no operator code, so operators still see one thread and need no locks.
 *
 * <p>Threading: {@link #requestFlush} from any thread; everything else on the task thread, except
 * {@link #add} and {@link #start}, which run before the task thread starts.
 */
final class OutputFlusher {
    private RecordWriter[] writers = new RecordWriter[0];
    private boolean timed; // any writer with a positive timeout; fixed before the task thread starts
    private long periodMillis = -1;
    private volatile boolean due;

    /**
     * Flushes {@code writer} at least every {@code timeoutMillis} while the task is busy. Only
     * positive timeouts are added: a writer with timeout 0 sends every record at once (batches of
     * one) and one with -1 only full batches and when the task goes idle.
     */
    void add(RecordWriter writer, long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("a timed writer needs a positive buffer timeout, was " + timeoutMillis);
        }
        writers = Arrays.copyOf(writers, writers.length + 1);
        writers[writers.length - 1] = writer;
        timed = true;
        // One flag per task: the shortest timeout wins (flushing earlier than asked keeps the bound).
        periodMillis = periodMillis < 0 ? timeoutMillis : Math.min(periodMillis, timeoutMillis);
    }

    /** Whether any writer has a positive timeout (else ticks never come and checks can be skipped). */
    boolean isTimed() {
        return timed;
    }

    /** Schedules the ticks on {@code timer} (nothing when no writer is timed); they stop with the timer. */
    void start(ScheduledExecutorService timer) {
        if (periodMillis > 0) {
            timer.scheduleAtFixedRate(this::requestFlush, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Timer thread: the next check on the task thread flushes. */
    void requestFlush() {
        due = true;
    }

    /**
     * Task thread, per record: flushes the timed writers if a tick came since the last flush. A task
     * without timed writers (e.g. one ending in a sink, or all at -1) reads no volatile field here.
     */
    void flushIfDue() {
        if (timed && due) {
            flushNow(); // out of line: the per-record path stays two loads and two branches
        }
    }

    private void flushNow() {
        due = false; // before flushing: a tick during the flush is not lost
        for (RecordWriter writer : writers) {
            writer.flush();
        }
    }
}
