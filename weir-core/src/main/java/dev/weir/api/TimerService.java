package dev.weir.api;

/**
 * Processing-time clock and timers of a keyed function. A timer belongs to the current key; one
 * timer per key and timestamp (registering it twice is a no-op). Timers fire on the subtask's
 * thread, between records, in timestamp order. Timers still pending when the input ends do not fire.
 */
public interface TimerService {
    /** Current processing time in milliseconds (wall clock; a manual clock in the test harness). */
    long currentProcessingTime();

    void registerProcessingTimeTimer(long timestamp);

    void deleteProcessingTimeTimer(long timestamp);
}
