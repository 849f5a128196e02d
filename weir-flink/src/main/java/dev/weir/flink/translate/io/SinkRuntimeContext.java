package dev.weir.flink.translate.io;

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
import dev.weir.flink.translate.bridge.WeirTaskInfo;
import dev.weir.runtime.metrics.UserMetricGroup;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.InitContext;

/**
 * The Weir {@link RuntimeContext} of a sink subtask on Flink: task and job from Flink's sink init context,
 * checkpointing as the Weir job configured it (which is what the Flink job runs with). A sink runs on a non-keyed
 * stream, so it has no keyed state. Its user metrics stay local (not exported to Flink's metric system).
 */
final class SinkRuntimeContext implements RuntimeContext {

    private final InitContext flink;
    private final String jobName;
    private final String taskName;
    private final CheckpointConfig checkpoints;
    private final OperatorMetricGroup metrics = new UserMetricGroup();

    SinkRuntimeContext(InitContext flink, String jobName, String taskName, CheckpointConfig checkpoints) {
        this.flink = flink;
        this.jobName = jobName;
        this.taskName = taskName;
        this.checkpoints = checkpoints;
    }

    @Override
    public JobInfo getJobInfo() {
        return () -> jobName;
    }

    @Override
    public TaskInfo getTaskInfo() {
        return WeirTaskInfo.named(flink.getTaskInfo(), taskName);
    }

    @Override
    public OperatorMetricGroup getMetricGroup() {
        return metrics;
    }

    @Override
    public boolean isCheckpointingEnabled() {
        return checkpoints != null && checkpoints.isCheckpointingEnabled();
    }

    @Override
    public Duration getCheckpointInterval() {
        return Duration.ofMillis(checkpoints == null ? -1 : checkpoints.getCheckpointInterval());
    }

    @Override
    public Duration getCheckpointTimeout() {
        return Duration.ofMillis(checkpoints == null ? 0 : checkpoints.getCheckpointTimeout());
    }

    private UnsupportedOperationException noKeyedState() {
        return new UnsupportedOperationException("sink '" + taskName + "' runs on a non-keyed stream: it has no keyed "
                + "state (use operator state through CheckpointedFunction)");
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> stateProperties) {
        throw noKeyedState();
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> stateProperties) {
        throw noKeyedState();
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> stateProperties) {
        throw noKeyedState();
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> stateProperties) {
        throw noKeyedState();
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> stateProperties) {
        throw noKeyedState();
    }
}
