package dev.weir.runtime;

import dev.weir.api.CheckpointStats;
import dev.weir.api.JobClient;
import dev.weir.api.JobID;
import dev.weir.api.SavepointFormatType;
import dev.weir.runtime.monitor.JobException;
import dev.weir.api.JobProgress;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.checkpoint.CompletedCheckpoint;
import dev.weir.checkpoint.JobDirectoryLock;
import dev.weir.checkpoint.UnreadableCheckpointException;
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
 *
 * <p><b>Out of memory.</b> A run that failed with an {@link OutOfMemoryError} anywhere in its cause
 * chain is not restarted, whatever the restart strategy: a restart in the JVM that just ran out of
 * heap would hold the same state and most likely fail the same way. The job fails at once with an
 * {@code OutOfMemoryError} whose message names the maximum heap and what to do (more heap, then a
 * restore from the last completed checkpoint), the original error as its cause.
 *
 * <p><b>Job control.</b> As a {@link JobClient} it takes savepoints of the current run
 * ({@link #triggerSavepoint}, {@link #stopWithSavepoint}; none while it restarts) and keeps, for
 * monitoring, the history of checkpoints and savepoints over all runs ({@link #checkpointHistory})
 * and the failures of the runs ({@link #exceptions}), both bounded.
 *
 * <p><b>The supervisor never leaves the result open.</b> Whatever the supervising thread throws
 * (an {@code Error} included), the job's result completes as {@code FAILED} and the current run is
 * cancelled; when even building that result fails for lack of heap, a result made before the job
 * started is used. {@link #awaitResult()} therefore always returns.
 */
public final class JobExecution implements JobClient {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobExecution.class);

    static {
        // Links CompletableFuture's completion path now: its first use allocates, which a full heap refuses.
        new CompletableFuture<JobExecutionResult>().complete(null);
    }

    /** How many checkpoints {@link #checkpointHistory()} keeps. */
    public static final int HISTORY = 100;
    /** How many failures {@link #exceptions()} keeps. */
    public static final int EXCEPTIONS = 20;

    private final JobID jobId = JobID.generate();
    private final JobGraph graph;
    private final LocalJobRun.RunSettings firstRun;
    private final RestartStrategy restartStrategy;
    /** The job's hold on its checkpoint directory, released when the job has ended (null without one). */
    private final JobDirectoryLock directoryLock;
    private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
    private final Object lock = new Object();
    private final List<CheckpointStats> checkpoints = new ArrayList<>();
    /** The checkpoint history of the runs that ended, at most {@link #HISTORY} (guarded by lock). */
    private final java.util.ArrayDeque<dev.weir.runtime.monitor.CheckpointStats> endedRunsHistory = new java.util.ArrayDeque<>();
    /** The last failures, at most {@link #EXCEPTIONS} (guarded by lock). */
    private final java.util.ArrayDeque<JobException> failures = new java.util.ArrayDeque<>();
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
    /** The result used when the supervisor fails and cannot even build one: made before anything runs. */
    private final JobExecutionResult supervisorFailed;
    /** The job's meters over all its runs; each run binds its operators before it starts. */
    private final dev.weir.runtime.metrics.JobMetrics metrics;

    public JobExecution(JobGraph graph, LocalJobRun.RunSettings firstRun, RestartStrategy restartStrategy,
                        JobDirectoryLock directoryLock) {
        this.graph = graph;
        this.firstRun = firstRun;
        this.restartStrategy = restartStrategy;
        this.directoryLock = directoryLock;
        this.firstAttempt = new LocalJobRun(graph, firstRun); // throws here for a wrong job or checkpoint
        this.firstAttempt.setJobId(jobId);
        this.firstCheckpointIdOfThisExecution = firstAttempt.firstCheckpointId();
        this.metrics = new dev.weir.runtime.metrics.JobMetrics(graph.jobName(), this::checkpointStats,
                this::restartsSoFar);
        this.supervisorFailed = new JobExecutionResult(graph.jobName(), JobStatus.FAILED, Duration.ZERO,
                new SupervisorFailure("the supervisor of job '" + graph.jobName() + "' failed (most likely out of "
                        + "Java heap, maximum " + maxHeapMegabytes() + " MB) and could not say more; the output is "
                        + "committed up to the last completed checkpoint: give the JVM more heap (-Xmx) and restore "
                        + "from that checkpoint"), List.of(), 0, List.of());
    }

    /** A preallocated failure: no stack trace to fill in, nothing to allocate when it is thrown or reported. */
    private static final class SupervisorFailure extends RuntimeException {
        SupervisorFailure(String message) {
            super(message, null, false, false);
        }
    }

    private static long maxHeapMegabytes() {
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    /** The id of the first checkpoint this execution takes; every id it uses is at least this. */
    public long firstCheckpointId() {
        return firstCheckpointIdOfThisExecution;
    }

    /** Starts the first run (set up by the constructor), then supervises in the background. */
    public JobExecution start() {
        LocalJobRun run = firstAttempt;
        metrics.bind(run.metricProbes()); // setting up, as the run's constructor: before the job's clock starts
        startNanos = System.nanoTime();
        synchronized (lock) {
            current = run;
        }
        run.start();
        try {
            Thread supervisor = new Thread(() -> supervise(run), "weir-job: " + graph.jobName());
            supervisor.setDaemon(true);
            supervisor.setUncaughtExceptionHandler((thread, e) -> supervisorFailed(run, e));
            supervisor.start();
        } catch (Throwable e) { // e.g. no memory for one more thread: the tasks run, nobody would end the job
            supervisorFailed(run, e);
        }
        return this;
    }

    private void supervise(LocalJobRun firstAttempt) {
        LocalJobRun run = firstAttempt;
        int attempt = 0;
        try {
            while (true) {
                JobExecutionResult runResult = run.awaitResult();
                long[] inOut = run.recordsInOut();
                List<dev.weir.runtime.monitor.CheckpointStats> runHistory = run.checkpointHistory();
                synchronized (lock) {
                    for (dev.weir.runtime.monitor.CheckpointStats c : runHistory) {
                        endedRunsHistory.addLast(c);
                        if (endedRunsHistory.size() > HISTORY) {
                            endedRunsHistory.removeFirst();
                        }
                    }
                    if (runResult.status() == JobStatus.FAILED && runResult.failureCause() != null) {
                        failures.addLast(exception(runResult.failureCause()));
                        if (failures.size() > EXCEPTIONS) {
                            failures.removeFirst();
                        }
                    }
                    checkpoints.addAll(runResult.checkpoints());
                    endedRunsRecordsIn += inOut[0];
                    endedRunsRecordsOut += inOut[1];
                    current = null; // its figures are in the totals now; a restart sets the next run
                }
                boolean cancelled;
                synchronized (lock) {
                    cancelled = cancelRequested;
                }
                OutOfMemoryError outOfMemory = runResult.status() == JobStatus.FAILED
                        ? Causes.find(runResult.failureCause(), OutOfMemoryError.class) : null;
                if (outOfMemory != null) {
                    run = null; // let its state go before building the message
                    finish(outOfHeap(runResult, outOfMemory), attempt);
                    return;
                }
                // A checkpoint that cannot be restored fails the same way on every restart from it.
                boolean restartable = Causes.find(runResult.failureCause(), UnreadableCheckpointException.class) == null;
                Duration delay = runResult.status() == JobStatus.FAILED && !cancelled && restartable
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
                        finish(new JobExecutionResult(graph.jobName(), JobStatus.CANCELED, Duration.ZERO, null,
                                runResult.operators(), attempt - 1, List.of()), attempt - 1);
                        return;
                    }
                }
                try {
                    run = new LocalJobRun(graph, nextRun(attempt));
                    run.setJobId(jobId);
                } catch (RuntimeException e) {
                    finish(new JobExecutionResult(graph.jobName(), JobStatus.FAILED, Duration.ZERO, e, runResult.operators(),
                            attempt, List.of()), attempt);
                    return;
                }
                metrics.bind(run.metricProbes());
                synchronized (lock) {
                    current = run;
                    restarts = attempt;
                    if (cancelRequested) {
                        run.cancel();
                    }
                }
                run.start();
            }
        } catch (Throwable e) { // an interrupt too: nobody else would end the job
            supervisorFailed(run, e);
        }
    }

    /**
     * The supervisor failed: cancel what runs and complete the result as FAILED with {@code cause},
     * or with the preallocated result when there is no heap left even for that.
     */
    private void supervisorFailed(LocalJobRun run, Throwable cause) {
        try {
            if (run != null) {
                run.cancel();
            }
        } catch (Throwable ignored) {
            // the result below matters more; the tasks stop with the JVM at the latest (daemon threads)
        }
        try {
            releaseDirectory();
        } catch (Throwable ignored) {
            // as above
        }
        try {
            List<CheckpointStats> all;
            synchronized (lock) {
                all = List.copyOf(checkpoints);
            }
            result.complete(new JobExecutionResult(graph.jobName(), JobStatus.FAILED,
                    Duration.ofNanos(System.nanoTime() - startNanos), cause, List.of(), restarts, all));
        } catch (Throwable noHeap) {
            result.complete(supervisorFailed);
        }
    }

    /** The run's result with a failure that names the heap and says what to do; not restarted. */
    private JobExecutionResult outOfHeap(JobExecutionResult runResult, OutOfMemoryError cause) {
        OutOfMemoryError named = new OutOfMemoryError("job '" + graph.jobName() + "' ran out of Java heap (maximum "
                + maxHeapMegabytes() + " MB; " + cause.getMessage() + "); not restarted, a restart in the same JVM "
                + "would run out again: give the JVM more heap (-Xmx, e.g. WEIR_JAVA_OPTS=-Xmx"
                + Math.max(64, 2 * maxHeapMegabytes()) + "m for the weir command) and restore from the last "
                + "completed checkpoint");
        named.initCause(cause);
        LOG.error("{}", named.getMessage());
        return new JobExecutionResult(runResult.jobName(), JobStatus.FAILED, runResult.duration(), named,
                runResult.operators(), runResult.restarts(), runResult.checkpoints());
    }

    private void releaseDirectory() {
        metrics.close(); // the job has ended: its meters keep their last values
        if (directoryLock != null) {
            directoryLock.close();
        }
    }

    private int restartsSoFar() {
        synchronized (lock) {
            return restarts;
        }
    }

    /**
     * The job's metrics (Micrometer meters, Prometheus text and snapshots): per operator subtask of
     * the current run, and per job over all runs. Any thread, while the job runs and after.
     */
    public dev.weir.runtime.metrics.JobMetrics metrics() {
        return metrics;
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

    private void finish(JobExecutionResult last, int restarts) {
        List<CheckpointStats> all;
        synchronized (lock) {
            all = List.copyOf(checkpoints);
        }
        releaseDirectory();
        result.complete(new JobExecutionResult(last.jobName(), last.status(), Duration.ofNanos(System.nanoTime() - startNanos),
                last.failureCause(), last.operators(), restarts, all));
    }

    @Override
    public String getJobName() {
        return graph.jobName();
    }

    @Override
    public JobID getJobID() {
        return jobId;
    }

    @Override
    public CompletableFuture<JobStatus> getJobStatus() {
        if (result.isDone()) {
            return CompletableFuture.completedFuture(result.join().status());
        }
        synchronized (lock) {
            return CompletableFuture.completedFuture(current == null ? JobStatus.RESTARTING : JobStatus.RUNNING);
        }
    }

    @Override
    public CompletableFuture<Void> cancel() {
        synchronized (lock) {
            cancelRequested = true;
            lock.notifyAll();
            if (current != null) {
                current.cancel();
            }
        }
        return result.thenApply(r -> null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Weir writes the savepoint into {@code <savepointDirectory>/savepoint-<job id, 6 hex digits>-<id>/}
     * (null: the configured savepoint directory, else {@code <checkpoint directory>/<job>/savepoints});
     * both format types give the same self-contained, relocatable savepoint (see {@link SavepointFormatType}).
     */
    @Override
    public CompletableFuture<String> triggerSavepoint(String savepointDirectory, SavepointFormatType formatType) {
        return savepoint(savepointDirectory, false, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The future completes once the job has ended {@link JobStatus#FINISHED}; exceptionally when the
     * savepoint failed (the job goes on) or the job did not finish after it. With
     * {@code advanceToEndOfEventTime} the sources end their input instead of pausing: every task ends it
     * as at the end of a bounded input (the final watermark fires event-time timers and windows,
     * operators' {@code endInput} runs), and the final checkpoint is the savepoint; a failure then ends
     * the job as any failure at its end would.
     */
    @Override
    public CompletableFuture<String> stopWithSavepoint(boolean advanceToEndOfEventTime, String savepointDirectory,
                                                       SavepointFormatType formatType) {
        return savepoint(savepointDirectory, true, advanceToEndOfEventTime).thenCompose(path -> result.thenApply(r -> {
            if (r.status() != JobStatus.FINISHED) {
                throw new java.util.concurrent.CompletionException(new IllegalStateException("savepoint " + path
                        + " of job '" + graph.jobName() + "' completed, but the job then ended " + r.status()
                        + (r.failureCause() == null ? "" : ": " + r.failureCause().getMessage())
                        + "; its sinks may not have committed it: restore from the savepoint to commit them",
                        r.failureCause()));
            }
            return path;
        }));
    }

    private CompletableFuture<String> savepoint(String savepointDirectory, boolean stop, boolean drain) {
        LocalJobRun run;
        synchronized (lock) {
            run = result.isDone() ? null : current;
        }
        if (run == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("job '" + graph.jobName() + "' "
                    + (result.isDone() ? "has ended" : "is restarting") + ": no savepoint can be taken now"));
        }
        java.nio.file.Path directory;
        try {
            directory = savepointDirectory(savepointDirectory);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return drain ? run.drainWithSavepoint(directory) : run.triggerSavepoint(directory, stop);
    }

    /** The directory asked for, or the configured one, or {@code <checkpoint directory>/<job>/savepoints}. */
    private java.nio.file.Path savepointDirectory(String asked) {
        if (asked != null) {
            return dev.weir.api.CheckpointConfig.parseDirectory(asked).toAbsolutePath();
        }
        if (firstRun.checkpointConfig() != null && firstRun.checkpointConfig().getSavepointDirectory() != null) {
            return firstRun.checkpointConfig().getSavepointDirectory().toAbsolutePath();
        }
        if (firstRun.storage() == null) {
            throw new IllegalStateException("job '" + graph.jobName() + "' has no checkpoint directory: name the "
                    + "savepoint directory, or set option execution.checkpointing.savepoint-dir");
        }
        return firstRun.storage().jobDirectory().resolve("savepoints").toAbsolutePath();
    }

    private static JobException exception(Throwable failure) {
        OperatorFailure named = Causes.find(failure, OperatorFailure.class);
        java.io.StringWriter trace = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(trace));
        return new JobException(System.currentTimeMillis(), named == null ? null : named.operatorName(),
                named == null ? -1 : named.subtask(), String.valueOf(failure.getMessage()), trace.toString());
    }

    @Override
    public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
        return result.thenCompose(r -> r.isSuccess() ? CompletableFuture.completedFuture(r)
                : CompletableFuture.failedFuture(jobFailed(r)));
    }

    private static Throwable jobFailed(JobExecutionResult r) {
        try {
            r.orThrow();
            return new IllegalStateException("job '" + r.jobName() + "' did not finish");
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * The checkpoints and savepoints of this job, oldest first, at most the last
     * {@value #HISTORY} (also over restarts). Any thread.
     */
    public List<dev.weir.runtime.monitor.CheckpointStats> checkpointHistory() {
        List<dev.weir.runtime.monitor.CheckpointStats> all;
        LocalJobRun run;
        synchronized (lock) {
            all = new ArrayList<>(endedRunsHistory);
            run = result.isDone() ? null : current;
        }
        if (run != null) {
            all.addAll(run.checkpointHistory());
        }
        return all.size() <= HISTORY ? all : List.copyOf(all.subList(all.size() - HISTORY, all.size()));
    }

    /** The job's last failures (runs that failed), oldest first, at most {@value #EXCEPTIONS}. Any thread. */
    public List<JobException> exceptions() {
        synchronized (lock) {
            return List.copyOf(failures);
        }
    }

    /** The job's operators and edges, read-only, for monitoring (REST API, dashboard); any thread. */
    public dev.weir.runtime.monitor.JobGraphView jobGraphView() {
        return dev.weir.runtime.monitor.JobGraphView.of(graph);
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

    /** Waits for the job's end; the result is always completed (FAILED when the supervisor itself failed). */
    @Override
    public JobExecutionResult awaitResult() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("job supervisor of '" + graph.jobName() + "' failed", e.getCause());
        }
    }

    @Override
    public JobExecutionResult awaitResult(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("job supervisor of '" + graph.jobName() + "' failed", e.getCause());
        }
    }
}
