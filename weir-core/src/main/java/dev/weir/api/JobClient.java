package dev.weir.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A running job started with {@link StreamExecutionEnvironment#executeAsync()} (Flink's shape, plus
 * Weir's {@link #getJobName()}, {@link #getProgress()} and {@link #awaitResult()}). Thread-safe: any
 * thread may call any method at any time, also after the job ended; the futures complete on an
 * engine thread, so do not block in their callbacks.
 */
public interface JobClient {

    /** The id of this execution of the job. */
    JobID getJobID();

    String getJobName();

    /** The job's status now: {@link JobStatus#RUNNING} (or {@code RESTARTING}) until it ended. */
    CompletableFuture<JobStatus> getJobStatus();

    /**
     * Asks every task to stop; the job ends {@link JobStatus#CANCELED} unless it already ended. The
     * future completes when the job has ended.
     */
    CompletableFuture<Void> cancel();

    /**
     * Takes a savepoint while the job goes on: a checkpoint of kind savepoint, self-contained and
     * relocatable, under {@code savepointDirectory} (null: the configured
     * {@code execution.checkpointing.savepoint-dir}). The future completes with the savepoint's
     * directory once it is complete (its two-phase-commit sinks committed), or exceptionally with
     * why it could not be taken.
     */
    CompletableFuture<String> triggerSavepoint(String savepointDirectory, SavepointFormatType formatType);

    /**
     * Stops the job with a final savepoint: the sources stop emitting, the savepoint is taken, the
     * sinks commit it, every task closes and the job ends {@link JobStatus#FINISHED}. The future
     * completes with the savepoint's directory. {@code advanceToEndOfEventTime}: send the final
     * watermark first, so that event-time timers and windows fire (as at the end of the input).
     */
    CompletableFuture<String> stopWithSavepoint(boolean advanceToEndOfEventTime, String savepointDirectory,
                                                SavepointFormatType formatType);

    /**
     * Completes with the result once the job has finished; completes exceptionally with a
     * {@link JobExecutionException} (holding the result) when it failed or was cancelled.
     */
    CompletableFuture<JobExecutionResult> getJobExecutionResult();

    /**
     * The job's figures now (records in and out, checkpoints, restarts), for progress displays;
     * cheap enough to call every second, from any thread, while the job runs or after it ended.
     */
    JobProgress getProgress();

    /** Waits until the job has ended; returns its result however it ended. */
    JobExecutionResult awaitResult() throws InterruptedException;

    /** Waits at most {@code timeout} for the job to end. */
    JobExecutionResult awaitResult(Duration timeout) throws InterruptedException, TimeoutException;
}
