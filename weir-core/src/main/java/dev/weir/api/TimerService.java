package dev.weir.api;

/**
 * The clocks of a process function, and the timers of a keyed one. A timer belongs to the current
 * key; one timer per key and timestamp (registering it twice is a no-op). Timers fire on the
 * subtask's thread, between records, in timestamp order. Timers still pending when the input ends
 * do not fire. Timers need a keyed stream: on a non-keyed one, registering or deleting a timer
 * throws {@link UnsupportedOperationException}.
 *
 * <p>Only processing-time timers exist so far; event-time timers come with event time.
 */
public interface TimerService {
    /** Current processing time in milliseconds (wall clock; a manual clock in the test harness). */
    long currentProcessingTime();

    /** The current event-time watermark: {@link Long#MIN_VALUE} for now, as Weir has no event time yet. */
    long currentWatermark();

    /** Calls {@code onTimer} for the current key once processing time reaches {@code time}. */
    void registerProcessingTimeTimer(long time);

    /** Removes the current key's processing-time timer at {@code time}, if there is one. */
    void deleteProcessingTimeTimer(long time);
}
