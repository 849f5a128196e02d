package dev.weir.api;

/** How a job ended. */
public enum JobStatus {
    /**
     * Every source read its input to the end, every sink committed its final transaction (with
     * checkpointing: a checkpoint holding every task's final state completed and was committed) and
     * every operator closed normally. Never inferred from the job's threads having stopped.
     */
    FINISHED,
    /**
     * An operator or the runtime failed — an exception or an {@code Error} (e.g. out of heap) on any
     * of the job's threads, or a task that stopped before its end without a reported cause;
     * {@link JobExecutionResult#failureCause()} says why.
     */
    FAILED,
    /** The job was cancelled through its {@link JobClient}. */
    CANCELED
}
