package dev.weir.api.functions;

/**
 * Told when checkpoints complete or are aborted (e.g. to commit external transactions). Called on
 * the subtask's thread, between records. A notification can be missed (a crash right after the
 * checkpoint completed): completion of checkpoint n implies that every earlier one the function
 * has not heard about is subsumed.
 */
public interface CheckpointListener {
    void notifyCheckpointComplete(long checkpointId) throws Exception;

    default void notifyCheckpointAborted(long checkpointId) throws Exception {
    }
}
