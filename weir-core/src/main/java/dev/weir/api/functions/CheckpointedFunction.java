package dev.weir.api.functions;

/**
 * A function that keeps part of its state in fields and writes it into state (operator list state
 * or keyed state obtained in {@code open}) when a checkpoint is taken. On restore, {@code open}
 * reads it back from the same state. Called on the subtask's thread, in the synchronous part of the
 * snapshot, so keep it short.
 */
public interface CheckpointedFunction {
    void snapshotState(long checkpointId) throws Exception;
}
