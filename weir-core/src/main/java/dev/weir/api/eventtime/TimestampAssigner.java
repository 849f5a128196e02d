package dev.weir.api.eventtime;

/**
 * Gives a record its event timestamp (epoch milliseconds). Called on the task thread for every
 * record before the record reaches the watermark generator and the next operator.
 */
@FunctionalInterface
public interface TimestampAssigner<T> {
    /** The value of {@code recordTimestamp} when the record has no timestamp yet ({@code Long.MIN_VALUE}). */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    /**
     * The timestamp of {@code element}; {@code recordTimestamp} is the timestamp it already has (a
     * Kafka record's timestamp, or the one assigned upstream), or {@link #NO_TIMESTAMP}.
     */
    long extractTimestamp(T element, long recordTimestamp);
}
