package dev.weir.flink.translate.io;

import dev.weir.api.connector.SourceOutput;
import dev.weir.api.eventtime.Watermark;

/**
 * A Weir {@link SourceOutput} over Flink's: records pass through untouched, watermarks become Flink's. Serves a
 * split's output as it is and is the base of the reader's main output ({@link ReaderOutputBridge}), which re-aims
 * {@link #flink} at each {@code pollNext}'s. Task thread only.
 */
class SourceOutputBridge<T, F extends org.apache.flink.api.connector.source.SourceOutput<T>>
        implements SourceOutput<T> {

    protected F flink;

    SourceOutputBridge(F flink) {
        this.flink = flink;
    }

    @Override
    public void collect(T record) {
        flink.collect(record);
    }

    @Override
    public void collect(T record, long timestamp) {
        flink.collect(record, timestamp);
    }

    @Override
    public void emitWatermark(Watermark watermark) {
        flink.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(watermark.getTimestamp()));
    }

    @Override
    public void markIdle() {
        flink.markIdle();
    }

    @Override
    public void markActive() {
        flink.markActive();
    }
}
