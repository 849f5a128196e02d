package dev.weir.api.spi;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.Sink;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import java.util.List;

/**
 * For Weir's own connectors: a sink whose work is done by a writer it chooses per subtask (for example
 * by delivery guarantee), and which passes every call of the sink's lifecycle on to it. The writer is
 * created in {@link #initializeState}, before {@link #open}, so that it can restore its state; each
 * subtask works on its own copy of the sink and so has its own writer. Calls arrive on the subtask's
 * thread, except {@link #drainAsyncSnapshotWork}'s actions, which run on the snapshot writer.
 *
 * @param <T> record type
 */
public abstract class DelegatingSink<T> implements Sink<T>, CheckpointedFunction, CheckpointListener, AsyncSnapshotWork {
    private transient Sink<T> writer;

    /** The writer of this subtask; called once, from {@link #initializeState}. */
    protected abstract Sink<T> createWriter();

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        writer = createWriter();
        if (writer instanceof CheckpointedFunction checkpointed) {
            checkpointed.initializeState(context);
        }
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        writer.open(context);
    }

    @Override
    public void write(T value) throws Exception {
        writer.write(value);
    }

    @Override
    public void finish() throws Exception {
        writer.finish();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        if (writer instanceof CheckpointedFunction checkpointed) {
            checkpointed.snapshotState(context);
        }
    }

    @Override
    public List<Action> drainAsyncSnapshotWork() {
        return writer instanceof AsyncSnapshotWork async ? async.drainAsyncSnapshotWork() : List.of();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (writer instanceof CheckpointListener listener) {
            listener.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        if (writer instanceof CheckpointListener listener) {
            listener.notifyCheckpointAborted(checkpointId);
        }
    }

    @Override
    public void close() throws Exception {
        if (writer != null) {
            writer.close();
        }
    }
}
