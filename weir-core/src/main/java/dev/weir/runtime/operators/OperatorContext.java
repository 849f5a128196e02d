package dev.weir.runtime.operators;

import dev.weir.api.Collector;
import dev.weir.runtime.ProcessingTimeService;
import dev.weir.runtime.TaskInfo;
import dev.weir.state.KeyGroupRange;

/**
 * What an operator gets from the task that runs it.
 *
 * @param info          operator name, subtask, parallelism
 * @param output        where the operator emits (a chained operator, channels, or both)
 * @param timeService   the task's clock; callbacks run on the task thread
 * @param keyGroupRange key groups this subtask owns (keyed operators only, else null)
 */
public record OperatorContext(TaskInfo info, Collector<Object> output, ProcessingTimeService timeService,
                              KeyGroupRange keyGroupRange) {

    /** The output, typed for the operator's output records. */
    @SuppressWarnings("unchecked")
    public <T> Collector<T> typedOutput() {
        return (Collector<T>) (Collector<?>) output;
    }
}
