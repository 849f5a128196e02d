package dev.weir.checkpoint;

/**
 * A completed checkpoint that cannot be restored: a file it references is missing, truncated or
 * fails its checksum, or its directory is gone. A restart from the same checkpoint would fail the
 * same way, so the job is not restarted; the message says what the choices are (put the file back,
 * or restore another checkpoint on purpose).
 */
public final class UnreadableCheckpointException extends CheckpointException {
    public UnreadableCheckpointException(String message) {
        super(message);
    }

    public UnreadableCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
