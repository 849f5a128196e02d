package dev.weir.flink.translate.bridge;

import dev.weir.api.RuntimeContext;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.DefaultOpenContext;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.functions.RichFunction;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.state.OperatorStateStore;
import dev.weir.flink.translate.PlanRef;
import java.util.OptionalLong;

/**
 * The lifecycle of a Weir function inside a Flink function, in Flink's order: {@link #setRuntimeContext} (when
 * the Flink function has its runtime context), {@link #initializeState} (a Weir {@link CheckpointedFunction}, from
 * Flink's {@code CheckpointedFunction.initializeState}), {@link #open}, then per checkpoint
 * {@link #snapshotState} and {@link #notifyCheckpointComplete}/{@link #notifyCheckpointAborted}, finally
 * {@link #close}. Each method does nothing for a function that does not implement the Weir interface it is about.
 */
public final class RichFunctions {

    private RichFunctions() {
    }

    public static void setRuntimeContext(Object function, RuntimeContext context) {
        if (function instanceof RichFunction rich) {
            rich.setRuntimeContext(context);
        }
    }

    /** Sets the runtime context and opens a Weir rich function. */
    public static void open(Object function, RuntimeContext context) throws Exception {
        if (function instanceof RichFunction rich) {
            rich.setRuntimeContext(context);
            rich.open(DefaultOpenContext.INSTANCE);
        }
    }

    public static void close(Object function) throws Exception {
        if (function instanceof RichFunction rich) {
            rich.close();
        }
    }

    /** A Weir {@link CheckpointedFunction}'s {@code initializeState} with Weir's view of Flink's context. */
    public static void initializeState(PlanRef ref, Object function,
                                       org.apache.flink.runtime.state.FunctionInitializationContext flink)
            throws Exception {
        if (function instanceof CheckpointedFunction checkpointed) {
            checkpointed.initializeState(initializationContext(ref, flink));
        }
    }

    /** A Weir {@link CheckpointedFunction}'s {@code snapshotState}. */
    public static void snapshotState(Object function, org.apache.flink.runtime.state.FunctionSnapshotContext flink)
            throws Exception {
        if (function instanceof CheckpointedFunction checkpointed) {
            checkpointed.snapshotState(new FunctionSnapshotContext() {
                @Override
                public long getCheckpointId() {
                    return flink.getCheckpointId();
                }

                @Override
                public long getCheckpointTimestamp() {
                    return flink.getCheckpointTimestamp();
                }
            });
        }
    }

    public static void notifyCheckpointComplete(Object function, long checkpointId) throws Exception {
        if (function instanceof CheckpointListener listener) {
            listener.notifyCheckpointComplete(checkpointId);
        }
    }

    public static void notifyCheckpointAborted(Object function, long checkpointId) throws Exception {
        if (function instanceof CheckpointListener listener) {
            listener.notifyCheckpointAborted(checkpointId);
        }
    }

    /** Weir's function initialization context over Flink's: operator and keyed state stores, restore info. */
    public static FunctionInitializationContext initializationContext(
            PlanRef ref, org.apache.flink.runtime.state.FunctionInitializationContext flink) {
        OperatorStateStore operatorState = new WeirOperatorStateStore(ref, flink.getOperatorStateStore());
        KeyedStateStore keyedState = WeirKeyedStateStore.of(ref, flink.getKeyedStateStore());
        return new FunctionInitializationContext() {
            @Override
            public OptionalLong getRestoredCheckpointId() {
                return flink.getRestoredCheckpointId();
            }

            @Override
            public OperatorStateStore getOperatorStateStore() {
                return operatorState;
            }

            @Override
            public KeyedStateStore getKeyedStateStore() {
                return keyedState;
            }
        };
    }
}
