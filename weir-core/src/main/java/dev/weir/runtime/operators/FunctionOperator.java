package dev.weir.runtime.operators;

import dev.weir.api.Collector;
import dev.weir.api.RuntimeContext;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.DefaultOpenContext;
import dev.weir.api.functions.Function;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.RichFunction;
import dev.weir.api.spi.AsyncSnapshotWork;
import dev.weir.api.spi.SubtaskInfo;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.state.OperatorStateStore;
import dev.weir.runtime.OperatorFailure;
import dev.weir.runtime.StreamingRuntimeContext;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.OperatorStateBackend;
import java.util.List;
import java.util.OptionalLong;

/**
 * Shared lifecycle of operators that run one user function: creates and restores the state
 * backends (keyed state only when the operator is keyed) and drives the function through Flink's
 * order: {@code setRuntimeContext} (rich functions), {@code initializeState}
 * ({@link CheckpointedFunction}s), {@code open} (rich functions), the records, {@code close}.
 * Checkpoint hooks are passed on to the function.
 */
abstract class FunctionOperator<IN, OUT, F extends Function> implements StreamOperator<IN> {
    protected final F function;
    protected Collector<OUT> output;
    protected SubtaskInfo info;
    protected KeyedStateBackend keyedState;
    private OperatorStateBackend operatorState;
    private Object carriedKey; // set only while a record that came with its key is processed
    private int carriedKeyGroup;

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
            keyedState.useTtlClock(context.timeService()::currentTimeMillis);
            keyedState.restore(context.restore().keyedStates(context.keyGroupRange()));
        }
        beforeFunctionOpen(context);
        RuntimeContext runtimeContext = new StreamingRuntimeContext(info, keyedState, context.attempt(),
                context.checkpointing(), context.faults(), context.metricGroup());
        if (function instanceof RichFunction rich) {
            rich.setRuntimeContext(runtimeContext);
        }
        if (function instanceof CheckpointedFunction checkpointed) {
            OptionalLong restoredFrom = context.restore().isEmpty() ? OptionalLong.empty()
                    : OptionalLong.of(context.restore().checkpointId());
            checkpointed.initializeState(new Initialization(restoredFrom, operatorState, keyedState));
        }
        openFunction(runtimeContext);
    }

    /** This subtask's operator state (lists and broadcast states), restored before the hook below. */
    final OperatorStateBackend operatorState() {
        return operatorState;
    }

    /**
     * Makes the key {@code keySelector} gives {@code record} the current key of the keyed state, and returns it;
     * a null key fails, naming the operator, the selector ({@code which}) and the record.
     */
    @SuppressWarnings("unchecked")
    final <T, K> K setCurrentKeyOf(KeySelector<T, K> keySelector, T record, String which)
            throws Exception {
        if (carriedKey != null) { // the partitioner's key, made by this selector (see processElement with a key)
            keyedState.setCurrentKey(carriedKey, carriedKeyGroup);
            return (K) carriedKey;
        }
        K key = keySelector.getKey(record);
        if (key == null) {
            throw new NullPointerException(which + " of " + info.describe() + " returned null for record "
                    + OperatorFailure.show(record) + "; keys must not be null");
        }
        keyedState.setCurrentKey(key);
        return key;
    }

    /**
     * Until {@link #dropCarriedKey}, {@link #setCurrentKeyOf} makes {@code key} (with {@code keyGroup}) current
     * instead of running the key selector: for a record that came with the key the partitioner computed by
     * that same selector. Callers drop it in a {@code finally}.
     */
    final void carryKey(Object key, int keyGroup) {
        carriedKey = key;
        carriedKeyGroup = keyGroup;
    }

    final void dropCarriedKey() {
        carriedKey = null;
    }

    /** Hook for operators that prepare more before the function is initialized and opened. */
    void beforeFunctionOpen(OperatorContext context) {
    }

    /** Opens the function: {@code open} for a rich function; other kinds of function override this. */
    void openFunction(RuntimeContext runtimeContext) throws Exception {
        if (function instanceof RichFunction rich) {
            rich.open(DefaultOpenContext.INSTANCE);
        }
    }

    /** Closes the function: {@code close} for a rich function; other kinds of function override this. */
    void closeFunction() throws Exception {
        if (function instanceof RichFunction rich) {
            rich.close();
        }
    }

    @Override
    public OperatorSnapshot snapshotState(long checkpointId, long timestamp) throws Exception {
        if (function instanceof CheckpointedFunction checkpointed) {
            checkpointed.snapshotState(new Snapshot(checkpointId, timestamp));
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
            closeFunction();
        } finally {
            if (keyedState != null) {
                keyedState.close();
            }
        }
    }

    private record Initialization(OptionalLong getRestoredCheckpointId, OperatorStateStore getOperatorStateStore,
                                  KeyedStateStore getKeyedStateStore) implements FunctionInitializationContext {
    }

    private record Snapshot(long getCheckpointId, long getCheckpointTimestamp) implements FunctionSnapshotContext {
    }
}
