package dev.weir.api.eventtime;

import java.time.Instant;

/**
 * A point in event time: no record with a timestamp at or before it is expected any more.
 * {@link #MAX_WATERMARK} ends event time (the end of a bounded input). Immutable.
 */
public final class Watermark {
    /** The watermark at the end of a bounded input: every event-time timer fires. */
    public static final Watermark MAX_WATERMARK = new Watermark(Long.MAX_VALUE);

    private final long timestamp;

    public Watermark(long timestamp) {
        this.timestamp = timestamp;
    }

    /** The watermark's time, epoch milliseconds. */
    public long getTimestamp() {
        return timestamp;
    }

    /** The time as an ISO-8601 instant (UTC), for logs. */
    public String getFormattedTimestamp() {
        if (timestamp == Long.MAX_VALUE || timestamp == Long.MIN_VALUE) {
            return timestamp == Long.MAX_VALUE ? "MAX" : "MIN";
        }
        return Instant.ofEpochMilli(timestamp).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Watermark other && other.timestamp == timestamp;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return "Watermark @ " + timestamp + " (" + getFormattedTimestamp() + ")";
    }
}
