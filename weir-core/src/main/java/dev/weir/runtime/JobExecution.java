package dev.weir.runtime;

import dev.weir.api.CheckpointStats;
import dev.weir.api.JobClient;
import dev.weir.api.JobProgress;
import dev.weir.api.JobResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.checkpoint.CompletedCheckpoint;
import dev.weir.checkpoint.JobDirectoryLock;
import dev.weir.graph.JobGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A job over its whole life: runs it, and when a run fails, restarts every task from the latest
 * completed checkpoint as the restart strategy allows (sources rewind to their checkpointed
 * positions, all state is restored). The first run is set up on the caller's thread so that a
 * wrong job or an unusable checkpoint fails {@code execute()} before anything starts.
 */
public final class JobExecution implements JobClient {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobExecution.class);

    private final JobGraph graph;
    private final LocalJobRun.RunSettings firstRun;
    private final RestartStrategy restartStrategy;
    /** The job's hold on its checkpoint directory, released when the job has ended (null without one). */
    private final JobDirectoryLock directoryLock;
    private final CompletableFuture<JobResult> result = new CompletableFuture<>();
    private final Object lock = new Object();
    private final List<CheckpointStats> checkpoints = new ArrayList<>();
    private final LocalJobRun firstAttempt;
    private LocalJobRun current;
    /** Checkpoints below this id belong to earlier executions of the job, never to be restarted from. */
    private final long firstCheckpointIdOfThisExecution;
    private boolean cancelRequested;
    private long startNanos;
    /** Records in and out of the runs that ended, so progress counts over restarts. */
    private long endedRunsRecordsIn;
    private long endedRunsRecordsOut;
    private int restarts;

    public JobExecution(JobGraph graph, LocalJobRun.RunSettings firstRun, RestartStrategy restartStrategy,
                        JobDirectoryLock directoryLock) {
        this.graph = graph;
        this.firstRun = firstRun;
        this.restartStrategy = restartStrategy;
        this.directoryLock = directoryLock;
        this.firstAttempt = new LocalJobRun(graph, firstRun); // throws here for a wrong job or checkpoint
        this.firstCheckpointIdOfThisExecution = firstAttempt.firstCheckpointId();
    }

    /** The id of the first checkpoint this execution takes; every id it uses is at least this. */
    public long firstCheckpointId() {
        return firstCheckpointIdOfThisExecution;
    }

    /** Starts the first run (set up by the constructor), then supervises in the background. */
    public JobExecution start() {
        startNanos = System.nanoTime();
        LocalJobRun run = firstAttempt;
        synchronized (lock) {
            current = run;
        }
        run.start();
        Thread supervisor = new Thread(() -> supervise(run), "weir-job: " + graph.jobName());
        supervisor.setDaemon(true);
        supervisor.start();
        return this;
    }

    private void supervise(LocalJobRun firstAttempt) {
        LocalJobRun run = firstAttempt;
        int attempt = 0;
        try {
            while (true) {
                JobResult runResult = run.awaitResult();
                long[] inOut = run.recordsInOut();
                synchronized (lock) {
                    checkpoints.addAll(runResult.checkpoints());
                    endedRunsRecordsIn += inOut[0];
                    endedRunsRecordsOut += inOut[1];
                    current = null; // its figures are in the totals now; a restart sets the next run
                }
                boolean cancelled;
                synchronized (lock) {
                    cancelled = cancelRequested;
                }
                Duration delay = runResult.status() == JobStatus.FAILED && !cancelled
                        ? restartStrategy.delayBeforeAttempt(attempt + 1) : null;
                if (delay == null) {
                    finish(runResult, attempt);
                    return;
                }
                attempt++;
                LOG.warn("job '{}' failed, restart {} in {} ms: {}",
                        graph.jobName(), attempt, delay.toMillis(), String.valueOf(runResult.failureCause()));
                synchronized (lock) {
                    lock.wait(Math.max(1, delay.toMillis()));
                    if (cancelRequested) {
                        finish(new JobResult(graph.jobName(), JobStatus.CANCELED, Duration.ZERO, null,
                                runResult.operators(), attempt - 1, List.of()), attempt - 1);
                        return;
                    }
                }
                try {
                    run = new LocalJobRun(graph, nextRun(attempt));
                } catch (RuntimeException e) {
                    finish(new JobResult(graph.jobName(), JobStatus.FAILED, Duration.ZERO, e, runResult.operators(),
                            attempt, List.of()), attempt);
                    return;
                }
                synchronized (lock) {
                    current = run;
                    restarts = attempt;
                    if (cancelRequested) {
                        run.cancel();
                    }
                }
                run.start();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            releaseDirectory();
            result.completeExceptionally(e);
        } catch (Throwable e) {
            releaseDirectory();
            result.completeExceptionally(e);
        }
    }

    private void releaseDirectory() {
        if (directoryLock != null) {
            directoryLock.close();
        }
    }

    /**
     * The settings of restart {@code attempt}: from the newest intact checkpoint this execution
     * took, else from what the execution started from (a restored checkpoint, or nothing).
     */
    private LocalJobRun.RunSettings nextRun(int attempt) {
        CompletedCheckpoint restore = firstRun.restore();
        if (firstRun.storage() != null) {
            // Throws when the newest is unreadable: an older one would repeat output already committed.
            CompletedCheckpoint latest = firstRun.storage().latestCompleted(firstCheckpointIdOfThisExecution);
            if (latest != null) {
                restore = latest;
            }
        }
        LOG.info("job '{}' restarts {}", graph.jobName(),
                restore == null ? "from the beginning (no completed checkpoint)"
                        : "from checkpoint " + restore.checkpointId());
        return firstRun.forAttempt(attempt, restore);
    }

    private void finish(JobResult last, int restarts) {
        List<CheckpointStats> all;
        synchronized (lock) {
            all = List.copyOf(checkpoints);
        }
        releaseDirectory();
        result.complete(new JobResult(last.jobName(), last.status(), Duration.ofNanos(System.nanoTime() - startNanos),
                last.failureCause(), last.operators(), restarts, all));
    }

    @Override
    public String getJobName() {
        return graph.jobName();
    }

    @Override
    public void cancel() {
        synchronized (lock) {
            cancelRequested = true;
            lock.notifyAll();
            if (current != null) {
                current.cancel();
            }
        }
    }

    /** Checkpoint statistics so far, including those of the current run. */
    public List<CheckpointStats> checkpointStats() {
        List<CheckpointStats> all;
        synchronized (lock) {
            all = new ArrayList<>(checkpoints);
            if (current != null && !result.isDone()) {
                all.addAll(current.checkpointStats());
            }
        }
        return all;
    }

    @Override
    public JobProgress getProgress() {
        synchronized (lock) {
            long in = endedRunsRecordsIn;
            long out = endedRunsRecordsOut;
            List<CheckpointStats> all = new ArrayList<>(checkpoints);
            if (current != null && !result.isDone()) {
                long[] inOut = current.recordsInOut();
                in += inOut[0];
                out += inOut[1];
                all.addAll(current.checkpointStats());
            }
            return LocalJobRun.progress(in, out, all, restarts);
        }
    }

    @Override
    public JobResult awaitResult() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("job supervisor of '" + graph.jobName() + "' failed", e.getCause());
        }
    }

    @Override
    public JobResult awaitResult(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("job supervisor of '" + graph.jobName() + "' failed", e.getCause());
        }
    }
}
