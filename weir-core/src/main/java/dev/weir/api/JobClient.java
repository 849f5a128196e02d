package dev.weir.api;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** A running job started with {@link StreamExecutionEnvironment#executeAsync()}. Thread-safe. */
public interface JobClient {

    String getJobName();

    /** Asks every task to stop; the job ends with {@link JobStatus#CANCELED} unless it already ended. */
    void cancel();

    /**
     * The job's figures now (records in and out, checkpoints, restarts), for progress displays;
     * cheap enough to call every second, from any thread, while the job runs or after it ended.
     */
    JobProgress getProgress();

    /** Waits until the job has ended. */
    JobExecutionResult awaitResult() throws InterruptedException;

    /** Waits at most {@code timeout} for the job to end. */
    JobExecutionResult awaitResult(Duration timeout) throws InterruptedException, TimeoutException;
}
