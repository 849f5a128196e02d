package dev.weir.runtime;

import java.util.function.LongConsumer;

/**
 * The clock of a task and its timers. Callbacks always run on the task's own thread (through the
 * mailbox in a running job, directly in the test harness), never concurrently with records.
 */
public interface ProcessingTimeService {

    /** Current processing time in milliseconds. */
    long currentTimeMillis();

    /** Runs {@code callback} with {@code timestamp} on the task thread once the clock reaches it. */
    void registerTimer(long timestamp, LongConsumer callback);

    /** No timer fires after this (the task's input has ended). */
    default void quiesce() {
    }
}
