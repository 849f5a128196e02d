package dev.weir.api.connector;

/**
 * Limits how fast one source subtask emits records; made by a {@link RateLimiterStrategy}, used on
 * the subtask's thread only. Weir's readers poll: they ask how many records they may emit now, and
 * when none, how long to wait.
 */
public interface RateLimiter {

    /**
     * Takes up to {@code wanted} permits and returns how many were granted (0 when the reader must
     * wait); the reader then emits that many records.
     */
    long acquire(long wanted);

    /** After {@link #acquire} granted nothing: nanoseconds until the next permit. */
    long nanosUntilPermit();
}
