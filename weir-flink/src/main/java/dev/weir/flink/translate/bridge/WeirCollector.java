package dev.weir.flink.translate.bridge;

import dev.weir.api.Collector;

/**
 * Weir's collector over Flink's: the Flink wrapper points it at the call's Flink collector ({@link #over}) and
 * hands the same instance to the Weir function on every call, so nothing is allocated per record.
 */
public final class WeirCollector<T> implements Collector<T> {

    private org.apache.flink.util.Collector<T> flink;

    public WeirCollector<T> over(org.apache.flink.util.Collector<T> flink) {
        this.flink = flink;
        return this;
    }

    @Override
    public void collect(T record) {
        flink.collect(record);
    }
}
