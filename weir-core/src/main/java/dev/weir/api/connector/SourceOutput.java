package dev.weir.api.connector;

import dev.weir.api.Collector;
import dev.weir.api.eventtime.WatermarkOutput;

/**
 * Where a {@link SourceReader} emits the records of one split (or of the whole subtask): records
 * with or without a timestamp of their own (a Kafka record's timestamp), and, if the reader knows
 * better than the watermark strategy, watermarks and idleness. The source's
 * {@link dev.weir.api.eventtime.WatermarkStrategy} assigns each record's final timestamp and feeds
 * the split's {@link dev.weir.api.eventtime.WatermarkGenerator}. Task thread only.
 */
public interface SourceOutput<T> extends WatermarkOutput, Collector<T> {

    /** Emits {@code record} without a timestamp of its own. */
    @Override
    void collect(T record);

    /** Emits {@code record} with the timestamp it carries (epoch ms), which the timestamp assigner sees. */
    void collect(T record, long timestamp);
}
