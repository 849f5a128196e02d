package dev.weir.api;

/** Where a job is in its life (Flink's names, the subset Weir uses). */
public enum JobStatus {
    /** Its tasks run. */
    RUNNING,
    /**
     * An operator or the runtime failed — an exception or an {@code Error} (e.g. out of heap) on any
     * of the job's threads, or a task that stopped before its end without a reported cause;
     * {@link JobExecutionResult#failureCause()} says why.
     */
    FAILED,
    /** The job was cancelled through its {@link JobClient}. */
    CANCELED,
    /**
     * Every source read its input to the end (or was stopped with a savepoint), every sink committed
     * its final transaction (with checkpointing: a checkpoint holding every task's final state
     * completed and was committed) and every operator closed normally. Never inferred from the job's
     * threads having stopped.
     */
    FINISHED,
    /** A run failed and the job waits to start the next one (restart strategy). */
    RESTARTING;

    /** True once the job has ended for good: finished, failed or cancelled. */
    public boolean isGloballyTerminalState() {
        return this == FINISHED || this == FAILED || this == CANCELED;
    }

    /** As {@link #isGloballyTerminalState()} (Weir has no suspended jobs). */
    public boolean isTerminalState() {
        return isGloballyTerminalState();
    }
}
