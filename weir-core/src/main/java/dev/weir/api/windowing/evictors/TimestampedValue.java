package dev.weir.api.windowing.evictors;

/**
 * A record of a window together with its event timestamp, as an {@link Evictor} sees the window's
 * contents. (Flink has this class in its runtime package.)
 *
 * @param <T> the type of the record
 */
public class TimestampedValue<T> {
    private T value;
    private final long timestamp;
    private final boolean hasTimestamp;

    /** A record without a timestamp. */
    public TimestampedValue(T value) {
        this.value = value;
        this.timestamp = 0;
        this.hasTimestamp = false;
    }

    public TimestampedValue(T value, long timestamp) {
        this.value = value;
        this.timestamp = timestamp;
        this.hasTimestamp = true;
    }

    public T getValue() {
        return value;
    }

    /** Replaces the record (an evictor may change what the window function sees). */
    public void setValue(T value) {
        this.value = value;
    }

    /** The event timestamp; meaningful only if {@link #hasTimestamp()}. */
    public long getTimestamp() {
        return timestamp;
    }

    public boolean hasTimestamp() {
        return hasTimestamp;
    }

    @Override
    public String toString() {
        return hasTimestamp ? value + "@" + timestamp : String.valueOf(value);
    }
}
