package dev.weir.api.eventtime;

/**
 * A clock for measuring durations (not dates): the processing time of the subtask, moved by hand in
 * the test harness. What {@link WatermarksWithIdleness} measures idleness with.
 */
public interface RelativeClock {
    long relativeTimeMillis();

    default long relativeTimeNanos() {
        return relativeTimeMillis() * 1_000_000L;
    }
}
