package dev.weir.flink.translate.io;

import dev.weir.api.connector.ReaderOutput;
import dev.weir.api.connector.SourceOutput;
import java.util.HashMap;
import java.util.Map;

/**
 * What a Weir source reader emits into on Flink: a Weir {@link ReaderOutput} over Flink's, so that each split a
 * Weir reader announces gets Flink's per-split output (its own watermark generator) as on Weir's runtime. Records
 * pass through untouched; timestamps and watermarks are Flink's (the source's watermark strategy is applied by
 * Flink, see {@code bridge.FlinkWatermarks}). Task thread only.
 */
final class ReaderOutputBridge<T>
        extends SourceOutputBridge<T, org.apache.flink.api.connector.source.ReaderOutput<T>>
        implements ReaderOutput<T> {

    private final Map<String, SourceOutput<T>> splits = new HashMap<>();

    ReaderOutputBridge() {
        super(null);
    }

    /** Points this output at the Flink output of the current {@code pollNext} (Flink passes the same one each time). */
    ReaderOutputBridge<T> on(org.apache.flink.api.connector.source.ReaderOutput<T> output) {
        if (output != flink) {
            flink = output;
            splits.clear();
        }
        return this;
    }

    @Override
    public SourceOutput<T> createOutputForSplit(String splitId) {
        return splits.computeIfAbsent(splitId, id -> new SourceOutputBridge<>(flink.createOutputForSplit(id)));
    }

    @Override
    public void releaseOutputForSplit(String splitId) {
        splits.remove(splitId);
        flink.releaseOutputForSplit(splitId);
    }
}
