package dev.weir.api;

/** Thrown by {@link JobResult#orThrow()} for a job that did not finish; the cause is the failure. */
public final class JobExecutionException extends RuntimeException {
    public JobExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
