package dev.weir.runtime;

/**
 * The event timestamp of the record a task is processing right now, shared by the operators of one
 * chain (one task thread, so a plain field). A record's timestamp travels with it for free: an
 * operator that emits while processing a record emits with that record's timestamp, because
 * nothing changes this cell in between; a {@link RecordWriter} copies it next to the record into
 * the batch, and the receiving task sets it again before handing the record on.
 *
 * <p>Who changes it: the task (per record read from a channel), a source or timestamp assigner
 * (sets the assigned timestamp, emits, and puts the old value back, so siblings in a fan-out still
 * see the original), and a timer service (the timer's time while an event-time timer fires, no
 * timestamp while a processing-time timer fires).
 *
 * <p>"No timestamp" is {@link #NO_TIMESTAMP} ({@code Long.MIN_VALUE}, Flink's sentinel too), distinct
 * from 0.
 */
public final class RecordTimestamp {
    /** The value meaning "this record has no event timestamp". */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private long value = NO_TIMESTAMP;

    public long get() {
        return value;
    }

    public boolean has() {
        return value != NO_TIMESTAMP;
    }

    /** Sets the timestamp; returns the previous one (to restore after emitting). */
    public long set(long timestamp) {
        long previous = value;
        value = timestamp;
        return previous;
    }

    /** The timestamp as a {@code Context.timestamp()} returns it: null when there is none. */
    public Long boxed() {
        return value == NO_TIMESTAMP ? null : value;
    }
}
