package dev.weir.api;

import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import java.time.Duration;

/**
 * What a rich function learns about where it runs ({@code getRuntimeContext()}, set before
 * {@code open}): its subtask and job, the checkpoint settings, and keyed state. Operator (non-keyed)
 * state is registered in {@code CheckpointedFunction.initializeState} instead.
 *
 * <p>Keyed state is available only to functions applied on a KeyedStream; elsewhere the getters
 * throw {@link IllegalStateException}. Get state handles once in {@code open} and keep them in
 * fields: a handle always reads and writes the value of the current key. Asking twice for the same
 * name returns the same handle; the same name with another kind of state is an error. Use it on
 * the subtask's thread only.
 */
public interface RuntimeContext {

    /** The job this subtask belongs to. */
    JobInfo getJobInfo();

    /** The operator and parallel subtask this function runs as. */
    TaskInfo getTaskInfo();

    /** Where the function registers its own counters and gauges, exported with the operator's metrics. */
    dev.weir.api.metrics.groups.OperatorMetricGroup getMetricGroup();

    /** Weir's addition: whether the job takes checkpoints (exactly-once sinks commit only with checkpoints). */
    boolean isCheckpointingEnabled();

    /** Weir's addition: time between checkpoints; {@link Duration#ZERO} without checkpointing. */
    Duration getCheckpointInterval();

    /** Weir's addition: how long a checkpoint may take before it is abandoned; zero without checkpointing. */
    Duration getCheckpointTimeout();

    <T> ValueState<T> getState(ValueStateDescriptor<T> stateProperties);

    <T> ListState<T> getListState(ListStateDescriptor<T> stateProperties);

    <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> stateProperties);

    <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> stateProperties);

    <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> stateProperties);
}
