package dev.weir.api.eventtime;

/**
 * Keeps the timestamp a record already has (a Kafka record's timestamp, one assigned upstream): the
 * assigner of a {@link WatermarkStrategy} that was given none.
 */
public final class RecordTimestampAssigner<E> implements TimestampAssigner<E> {
    @Override
    public long extractTimestamp(E element, long recordTimestamp) {
        return recordTimestamp;
    }
}
