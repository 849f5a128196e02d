package dev.weir.checkpoint;

/** Checkpointing failed beyond what the configuration tolerates, or a checkpoint cannot be used. */
public class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
