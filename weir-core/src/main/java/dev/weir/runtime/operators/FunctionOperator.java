package dev.weir.runtime.operators;

import dev.weir.api.spi.AsyncSnapshotWork;
import dev.weir.api.Collector;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.Function;
import dev.weir.runtime.StreamingRuntimeContext;
import dev.weir.api.spi.SubtaskInfo;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.OperatorStateBackend;
import java.util.List;

/**
 * Shared lifecycle of operators that run one user function: creates and restores the state
 * backends (keyed state only when the operator is keyed), opens and closes the function, and
 * passes checkpoint hooks on to it.
 */
abstract class FunctionOperator<IN, OUT, F extends Function> implements StreamOperator<IN> {
    protected final F function;
    protected Collector<OUT> output;
    protected SubtaskInfo info;
    protected KeyedStateBackend keyedState;
    private OperatorStateBackend operatorState;

    FunctionOperator(F function) {
        this.function = function;
    }

    @Override
    public void open(OperatorContext context) throws Exception {
        this.output = context.typedOutput();
        this.info = context.info();
        operatorState = new OperatorStateBackend(context.serializers());
        operatorState.restore(context.restore().operatorStateShare(info.subtaskIndex(), info.parallelism()));
        if (context.keyGroupRange() != null) {
            keyedState = context.stateBackend().create(info.uid() != null ? info.uid() : info.operatorName(),
                    info.subtaskIndex(), context.keyGroupRange(), info.maxParallelism(), context.serializers());
            keyedState.restore(context.restore().keyedStates(context.keyGroupRange()));
        }
        beforeFunctionOpen(context);
        function.open(new StreamingRuntimeContext(info, keyedState, operatorState, context.attempt(),
                context.checkpointing(), context.faults()));
    }

    /** Hook for operators that prepare more before the function opens. */
    void beforeFunctionOpen(OperatorContext context) {
    }

    @Override
    public OperatorSnapshot snapshotState(long checkpointId) throws Exception {
        if (function instanceof CheckpointedFunction checkpointed) {
            checkpointed.snapshotState(checkpointId);
        }
        List<AsyncSnapshotWork.Action> work = function instanceof AsyncSnapshotWork async
                ? async.drainAsyncSnapshotWork() : List.of();
        return new OperatorSnapshot(keyedState == null ? null : keyedState.snapshot(checkpointId),
                operatorState.snapshot(), work);
    }

    @Override
    public void releaseSnapshots() {
        if (keyedState != null) {
            keyedState.release();
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (keyedState != null) {
            keyedState.notifyCheckpointComplete(checkpointId);
        }
        if (function instanceof CheckpointListener listener) {
            listener.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        if (keyedState != null) {
            keyedState.notifyCheckpointAborted(checkpointId);
        }
        if (function instanceof CheckpointListener listener) {
            listener.notifyCheckpointAborted(checkpointId);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            function.close();
        } finally {
            if (keyedState != null) {
                keyedState.close();
            }
        }
    }
}
