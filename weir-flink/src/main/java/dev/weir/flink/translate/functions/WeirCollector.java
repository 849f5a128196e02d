package dev.weir.flink.translate.functions;

import dev.weir.api.Collector;

/**
 * Weir's collector over Flink's, reused for every call of a subtask's function: {@link #to} sets the Flink collector
 * of the current call. Used on the subtask's thread only.
 *
 * @param <T> the type of the records
 */
public final class WeirCollector<T> implements Collector<T> {

    private org.apache.flink.util.Collector<T> flink;

    /** This collector, now emitting to {@code target}. */
    public WeirCollector<T> to(org.apache.flink.util.Collector<T> target) {
        this.flink = target;
        return this;
    }

    @Override
    public void collect(T record) {
        flink.collect(record);
    }
}
