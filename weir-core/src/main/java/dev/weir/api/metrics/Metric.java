package dev.weir.api.metrics;

/** A metric a user function registers in its {@link MetricGroup}: a {@link Counter} or a {@link Gauge}. */
public interface Metric {
}
