package dev.weir.runtime;

import dev.weir.api.JobInfo;
import dev.weir.api.RuntimeContext;
import dev.weir.api.TaskInfo;
import dev.weir.api.spi.FaultPoints;
import dev.weir.api.spi.SubtaskInfo;
import dev.weir.api.spi.SubtaskPlacement;
import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.testing.FaultInjector;
import java.time.Duration;

/**
 * The {@link RuntimeContext} given to the functions of one operator subtask (rich functions and
 * sinks); keyed state only where the operator is keyed. Also the {@link FaultPoints} hook for
 * Weir's own protocol code.
 */
public final class StreamingRuntimeContext implements RuntimeContext, FaultPoints, SubtaskPlacement {
    private final SubtaskInfo info;
    private final KeyedStateStore keyedState;
    private final int attempt;
    private final CheckpointTiming checkpointing;
    private final FaultInjector faults;
    private final TaskInfo taskInfo;
    private final JobInfo jobInfo;
    private final dev.weir.api.metrics.groups.OperatorMetricGroup metricGroup;

    /** {@code keyedState} is null for an operator that is not keyed. */
    public StreamingRuntimeContext(SubtaskInfo info, KeyedStateStore keyedState, int attempt,
                                   CheckpointTiming checkpointing, FaultInjector faults,
                                   dev.weir.api.metrics.groups.OperatorMetricGroup metricGroup) {
        this.info = info;
        this.metricGroup = metricGroup;
        this.keyedState = keyedState;
        this.attempt = attempt;
        this.checkpointing = checkpointing;
        this.faults = faults;
        this.taskInfo = new SubtaskTaskInfo(info, attempt);
        this.jobInfo = info::jobName;
    }

    @Override
    public JobInfo getJobInfo() {
        return jobInfo;
    }

    @Override
    public TaskInfo getTaskInfo() {
        return taskInfo;
    }

    @Override
    public dev.weir.api.metrics.groups.OperatorMetricGroup getMetricGroup() {
        return metricGroup;
    }

    @Override
    public boolean isCheckpointingEnabled() {
        return checkpointing.enabled();
    }

    @Override
    public Duration getCheckpointInterval() {
        return checkpointing.interval();
    }

    @Override
    public Duration getCheckpointTimeout() {
        return checkpointing.timeout();
    }

    @Override
    public SubtaskInfo subtaskInfo() {
        return info;
    }

    @Override
    public int maxConcurrentCheckpoints() {
        return checkpointing.maxConcurrent();
    }

    /** The test hook for Weir's own protocol code (two-phase-commit sinks). */
    @Override
    public void injectFault(FaultInjector.Point point, long checkpointId) throws Exception {
        faults.at(point, info, checkpointId, attempt);
    }

    private KeyedStateStore keyed() {
        if (keyedState == null) {
            throw new IllegalStateException("keyed state is only available to functions on a KeyedStream; "
                    + info.describe() + " is not keyed: apply keyBy(..) first");
        }
        return keyedState;
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return keyed().getState(descriptor);
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return keyed().getListState(descriptor);
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
        return keyed().getMapState(descriptor);
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return keyed().getReducingState(descriptor);
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return keyed().getAggregatingState(descriptor);
    }

    /** The subtask as Flink's {@link TaskInfo} shows it; the task name is the operator's name. */
    private record SubtaskTaskInfo(SubtaskInfo info, int attempt) implements TaskInfo {
        @Override
        public String getTaskName() {
            return info.operatorName();
        }

        @Override
        public int getMaxNumberOfParallelSubtasks() {
            return info.maxParallelism();
        }

        @Override
        public int getIndexOfThisSubtask() {
            return info.subtaskIndex();
        }

        @Override
        public int getNumberOfParallelSubtasks() {
            return info.parallelism();
        }

        @Override
        public int getAttemptNumber() {
            return attempt;
        }

        @Override
        public String getTaskNameWithSubtasks() {
            return info.operatorName() + " (" + (info.subtaskIndex() + 1) + "/" + info.parallelism() + ")#" + attempt;
        }
    }
}
