package dev.weir.api.metrics.groups;

import dev.weir.api.metrics.MetricGroup;

/**
 * The metric group of one operator subtask, given to its functions by
 * {@code RuntimeContext.getMetricGroup()}; see {@link MetricGroup} for how its metrics are exported.
 */
public interface OperatorMetricGroup extends MetricGroup {
}
