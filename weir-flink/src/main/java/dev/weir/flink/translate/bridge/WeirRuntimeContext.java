package dev.weir.flink.translate.bridge;

import dev.weir.api.CheckpointConfig;
import dev.weir.api.JobInfo;
import dev.weir.api.RuntimeContext;
import dev.weir.api.TaskInfo;
import dev.weir.api.metrics.groups.OperatorMetricGroup;
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
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import java.time.Duration;

/**
 * Weir's runtime context over Flink's, for a Weir function running inside a Flink operator: keyed state of every
 * kind from Weir descriptors (with time-to-live), the job's and task's info, the operator's metric group and the
 * job's checkpoint settings. Created by the Flink wrapper of the function before it calls the function's
 * {@code initializeState}/{@code open}; used on the task's thread only.
 */
public final class WeirRuntimeContext implements RuntimeContext {

    private final org.apache.flink.api.common.functions.RuntimeContext flink;
    private final CheckpointConfig checkpoints;
    private final WeirKeyedStateStore state;
    private OperatorMetricGroup metrics;

    public WeirRuntimeContext(PlanRef ref, org.apache.flink.api.common.functions.RuntimeContext flink) {
        this.flink = flink;
        this.checkpoints = Plans.plan(ref).checkpoints();
        this.state = WeirKeyedStateStore.of(ref, flink);
    }

    /** Flink's runtime context this one is over. */
    public org.apache.flink.api.common.functions.RuntimeContext flink() {
        return flink;
    }

    @Override
    public JobInfo getJobInfo() {
        String name = flink.getJobInfo().getJobName();
        return () -> name;
    }

    @Override
    public TaskInfo getTaskInfo() {
        return WeirTaskInfo.of(flink.getTaskInfo());
    }

    @Override
    public OperatorMetricGroup getMetricGroup() {
        if (metrics == null) {
            metrics = new WeirMetricGroup(flink.getMetricGroup());
        }
        return metrics;
    }

    @Override
    public boolean isCheckpointingEnabled() {
        return checkpoints != null && checkpoints.isCheckpointingEnabled();
    }

    @Override
    public Duration getCheckpointInterval() {
        return isCheckpointingEnabled() ? Duration.ofMillis(checkpoints.getCheckpointInterval()) : Duration.ZERO;
    }

    @Override
    public Duration getCheckpointTimeout() {
        return isCheckpointingEnabled() ? Duration.ofMillis(checkpoints.getCheckpointTimeout()) : Duration.ZERO;
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> stateProperties) {
        return state.getState(stateProperties);
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> stateProperties) {
        return state.getListState(stateProperties);
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> stateProperties) {
        return state.getReducingState(stateProperties);
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> stateProperties) {
        return state.getAggregatingState(stateProperties);
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> stateProperties) {
        return state.getMapState(stateProperties);
    }
}
