package dev.weir.runtime.metrics;

import dev.weir.api.metrics.Counter;
import dev.weir.api.metrics.Gauge;
import dev.weir.api.metrics.Metric;
import dev.weir.api.metrics.SimpleCounter;
import dev.weir.api.metrics.groups.OperatorMetricGroup;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The metric group of one operator subtask in one run: holds what the operator's functions
 * register (on the task thread, usually in {@code open}). The task thread never touches the meter
 * registry: {@link JobMetrics}' sampler registers the metrics it finds here on its next tick, so a
 * metric appears within a second, and removes them with the run's other meters on a restart.
 */
public final class UserMetricGroup implements OperatorMetricGroup {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UserMetricGroup.class);

    /** A metric and the name it was registered under. */
    public record Registered(String name, Metric metric) {
    }

    private final List<Registered> metrics = new CopyOnWriteArrayList<>();

    @Override
    public Counter counter(String name) {
        return counter(name, new SimpleCounter());
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
        add(name, counter);
        return counter;
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        add(name, gauge);
        return gauge;
    }

    private void add(String name, Metric metric) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name; got " + (name == null ? "null" : "'" + name + "'"));
        }
        if (metric == null) {
            throw new IllegalArgumentException("metric '" + name + "' is null");
        }
        for (Registered r : metrics) {
            if (r.name().equals(name)) {
                LOG.warn("metric '{}' is registered already in this operator subtask; the second is not exported", name);
                return;
            }
        }
        metrics.add(new Registered(name, metric));
    }

    /** What was registered so far, in order; any thread. */
    public List<Registered> registered() {
        return metrics;
    }
}
