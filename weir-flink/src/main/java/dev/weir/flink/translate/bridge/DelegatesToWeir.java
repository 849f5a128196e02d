package dev.weir.flink.translate.bridge;

import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Mixin of the Flink functions of a translated job: passes Flink's state and checkpoint lifecycle on to the
 * subtask's Weir function, so each adapter only says where its {@link WeirFunction} is. Flink calls these on the
 * task thread; {@code initializeState} comes before {@code open}, so {@link #weir()} makes the Weir function on its
 * first call. Open and close are Flink's abstract classes' methods and stay in the adapters.
 */
public interface DelegatesToWeir extends CheckpointedFunction, CheckpointListener {

    /** This subtask's Weir function, made on the first call; null when the node has none (nothing to pass on). */
    WeirFunction<?> weir();

    @Override
    default void initializeState(FunctionInitializationContext flink) throws Exception {
        WeirFunction<?> weir = weir();
        if (weir != null) {
            weir.initializeState(flink);
        }
    }

    @Override
    default void snapshotState(FunctionSnapshotContext flink) throws Exception {
        WeirFunction<?> weir = weir();
        if (weir != null) {
            weir.snapshotState(flink);
        }
    }

    @Override
    default void notifyCheckpointComplete(long checkpointId) throws Exception {
        WeirFunction<?> weir = weir();
        if (weir != null) {
            weir.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    default void notifyCheckpointAborted(long checkpointId) throws Exception {
        WeirFunction<?> weir = weir();
        if (weir != null) {
            weir.notifyCheckpointAborted(checkpointId);
        }
    }
}
