package dev.weir.api.functions;

import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.state.OperatorStateStore;
import java.util.OptionalLong;

/** What {@link CheckpointedFunction#initializeState} receives: the state stores, and whether this is a restore. */
public interface FunctionInitializationContext {

    /**
     * True when the job was started from a checkpoint or savepoint that has this operator (by uid);
     * false on a fresh start and for an operator new to the job.
     */
    default boolean isRestored() {
        return getRestoredCheckpointId().isPresent();
    }

    /** The checkpoint restored from, or empty on a fresh start. */
    OptionalLong getRestoredCheckpointId();

    /** The subtask's operator (non-keyed) list state. */
    OperatorStateStore getOperatorStateStore();

    /** Keyed state, or {@code null} when the function does not run on a keyed stream. */
    KeyedStateStore getKeyedStateStore();
}
