package dev.weir.api;

/** How a job ended. */
public enum JobStatus {
    /** All input was processed and every operator closed normally. */
    FINISHED,
    /** An operator or the runtime failed; {@link JobResult#failureCause()} says why. */
    FAILED,
    /** The job was cancelled through its {@link JobClient}. */
    CANCELED
}
