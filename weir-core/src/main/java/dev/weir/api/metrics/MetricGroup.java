package dev.weir.api.metrics;

/**
 * Where a function registers its own metrics ({@code getRuntimeContext().getMetricGroup()}), usually
 * in {@code open}. Each metric is exported with the operator's metrics: as {@code weir_operator_<name>}
 * (a counter with {@code _total}) and the tags {@code job}, {@code operator_uid}, {@code operator},
 * {@code subtask}; it appears within a second of its registration. A second metric under a name the
 * group already holds is returned but not exported (the first stays), as in Flink. Call from the
 * task thread only. After a restart the new run's functions register theirs again; the previous run's
 * are removed.
 */
public interface MetricGroup {
    /** Registers and returns a new {@link SimpleCounter} named {@code name}. */
    Counter counter(String name);

    /** Registers {@code counter} under {@code name} and returns it. */
    <C extends Counter> C counter(String name, C counter);

    /** Registers {@code gauge} under {@code name} and returns it. */
    <T, G extends Gauge<T>> G gauge(String name, G gauge);
}
