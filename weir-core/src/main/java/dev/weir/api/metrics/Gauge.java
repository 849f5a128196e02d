package dev.weir.api.metrics;

/**
 * A value read when the metrics are sampled or scraped, on the metrics' thread (not the task's):
 * {@link #getValue()} must be safe to call from another thread and must not block. A {@link Number}
 * is exported as its {@code double} value; any other value as NaN.
 */
public interface Gauge<T> extends Metric {
    /** The value now; called from the metrics' thread. */
    T getValue();
}
