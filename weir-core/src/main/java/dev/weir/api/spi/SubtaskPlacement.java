package dev.weir.api.spi;

/**
 * For Weir's own connectors: what the public {@code RuntimeContext} does not show. The runtime's
 * context implements it; connectors test with {@code instanceof} and fall back where it is absent.
 */
public interface SubtaskPlacement {

    /** The subtask's job, operator name, the user's uid (null if none was set) and place. */
    SubtaskInfo subtaskInfo();

    /** Checkpoints that may be in flight at once (CheckpointConfig's maxConcurrentCheckpoints); 0 without checkpointing. */
    int maxConcurrentCheckpoints();
}
