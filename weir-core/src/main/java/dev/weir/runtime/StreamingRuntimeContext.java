package dev.weir.runtime;

import dev.weir.api.spi.SubtaskInfo;
import dev.weir.api.testing.FaultInjector;
import dev.weir.api.RuntimeContext;
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
import dev.weir.state.KeyedStateStore;
import dev.weir.state.OperatorStateBackend;

/** The {@link RuntimeContext} given to functions; keyed state only where the operator is keyed. */
public final class StreamingRuntimeContext implements RuntimeContext, dev.weir.api.spi.FaultPoints {
    private final SubtaskInfo info;
    private final KeyedStateStore keyedState;
    private final OperatorStateBackend operatorState;
    private final int attempt;
    private final CheckpointTiming checkpointing;
    private final FaultInjector faults;

    public StreamingRuntimeContext(SubtaskInfo info, KeyedStateStore keyedState, OperatorStateBackend operatorState,
                                   int attempt, CheckpointTiming checkpointing, FaultInjector faults) {
        this.info = info;
        this.keyedState = keyedState;
        this.operatorState = operatorState;
        this.attempt = attempt;
        this.checkpointing = checkpointing;
        this.faults = faults;
    }

    @Override
    public boolean isCheckpointingEnabled() {
        return checkpointing.enabled();
    }

    @Override
    public java.time.Duration getCheckpointInterval() {
        return checkpointing.interval();
    }

    @Override
    public java.time.Duration getCheckpointTimeout() {
        return checkpointing.timeout();
    }

    /** The test hook for Weir's own protocol code (two-phase-commit sinks). */
    @Override
    public void injectFault(FaultInjector.Point point, long checkpointId) throws Exception {
        faults.at(point, info, checkpointId, attempt);
    }

    @Override
    public int getAttemptNumber() {
        return attempt;
    }

    @Override
    public <T> ListState<T> getOperatorListState(ListStateDescriptor<T> descriptor) {
        return operatorState.getListState(descriptor);
    }

    @Override
    public <T> ListState<T> getOperatorUnionListState(ListStateDescriptor<T> descriptor) {
        return operatorState.getUnionListState(descriptor);
    }

    private KeyedStateStore keyed() {
        if (keyedState == null) {
            throw new IllegalStateException("keyed state is only available to functions on a KeyedStream; "
                    + info.describe() + " is not keyed: apply keyBy(..) first");
        }
        return keyedState;
    }

    @Override
    public String getJobName() {
        return info.jobName();
    }

    @Override
    public String getOperatorName() {
        return info.operatorName();
    }

    @Override
    public int getSubtaskIndex() {
        return info.subtaskIndex();
    }

    @Override
    public int getParallelism() {
        return info.parallelism();
    }

    @Override
    public int getMaxParallelism() {
        return info.maxParallelism();
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
    public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
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
}
