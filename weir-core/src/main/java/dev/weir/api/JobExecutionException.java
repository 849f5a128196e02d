package dev.weir.api;

/**
 * Thrown by {@link StreamExecutionEnvironment#execute()} (and {@link JobExecutionResult#orThrow()}) for
 * a job that failed or was cancelled. The cause is the failure, naming operator, subtask and record
 * where known. Unlike Flink's, it is unchecked; code that catches Flink's checked exception compiles
 * unchanged.
 */
public final class JobExecutionException extends RuntimeException {
    private final transient JobExecutionResult result;

    public JobExecutionException(JobExecutionResult result, String message, Throwable cause) {
        super(message, cause);
        this.result = java.util.Objects.requireNonNull(result, "result");
    }

    /** How the job ended: its status, figures per operator, checkpoints and restarts. */
    public JobExecutionResult getJobResult() {
        return result;
    }
}
