package dev.weir.api;

/**
 * The clocks of a process function, and the timers of a keyed one. A timer belongs to the current
 * key; one timer per key, domain and timestamp (registering it twice is a no-op). Timers fire on
 * the subtask's thread, between records, in timestamp order: an event-time timer once the
 * operator's watermark reaches its time (before the watermark is passed on downstream), a
 * processing-time timer once the wall clock does. Timers are keyed state: they are checkpointed,
 * and restored (also at another parallelism) with it.
 *
 * <p><b>End of input.</b> A bounded input ends with the watermark {@code Long.MAX_VALUE}, so every
 * pending event-time timer fires. Pending processing-time timers are dropped by default, as in
 * Flink; set {@code ExecutionOptions.FIRE_PROCESSING_TIMERS_AT_END_OF_INPUT} (or
 * {@code env.setFireProcessingTimersAtEndOfInput(true)}) to fire them, in order, instead.
 *
 * <p>Timers need a keyed stream: on a non-keyed one, registering or deleting a timer throws
 * {@link UnsupportedOperationException}.
 */
public interface TimerService {
    /** Current processing time in milliseconds (wall clock; a manual clock in the test harness). */
    long currentProcessingTime();

    /** The operator's current event-time watermark ({@link Long#MIN_VALUE} before the first). */
    long currentWatermark();

    /** Calls {@code onTimer} for the current key once processing time reaches {@code time}. */
    void registerProcessingTimeTimer(long time);

    /** Calls {@code onTimer} for the current key once the watermark reaches {@code time}. */
    void registerEventTimeTimer(long time);

    /** Removes the current key's processing-time timer at {@code time}, if there is one. */
    void deleteProcessingTimeTimer(long time);

    /** Removes the current key's event-time timer at {@code time}, if there is one. */
    void deleteEventTimeTimer(long time);
}
