package dev.weir.api.functions;

/** What {@link CheckpointedFunction#snapshotState} receives: which checkpoint is being taken. */
public interface FunctionSnapshotContext {

    /** The id of the checkpoint; ids only grow, across restores too. */
    long getCheckpointId();

    /** When the checkpoint was triggered, in milliseconds since the epoch (the coordinator's clock). */
    long getCheckpointTimestamp();
}
