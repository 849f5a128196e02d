package dev.weir.checkpoint;

import dev.weir.api.CheckpointConfig;
import dev.weir.api.CheckpointStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The "job manager" role for checkpoints: triggers checkpoint n at the source tasks, collects each
 * task's acknowledgement, completes n by writing its metadata atomically — only then is n
 * complete — and then notifies the tasks. A decline, a timeout or a failed metadata write aborts n;
 * more consecutive failures than tolerated fail the job. Keeps the retained number of completed
 * checkpoints and deletes older ones.
 *
 * <p><b>Cadence.</b> Checkpoint n+1 starts one interval after n started or completed, whichever is later (and no
 * sooner than the minimum pause after n completed): a checkpoint that took longer than the interval is followed by
 * an interval of records, so every transaction of a two-phase-commit sink spans one. Completing n takes one
 * metadata write and rename with their fsyncs (the directory fsyncs run alongside the metadata's, see
 * {@link CheckpointStorage#complete}); recording it in the job's trace happens afterwards on a thread of its
 * own, so that it delays neither the notification nor the next checkpoint. Subsumed checkpoints are deleted
 * before the shared files only they referred to.
 *
 * <p>Tasks that have finished their input contribute their final state to later checkpoints; once
 * every task has finished, one more (final) checkpoint is triggered at once, so that the sinks'
 * last transactions are committed before the job ends.
 *
 * <p>All coordinator state lives on its own single thread; tasks talk to it only through the
 * message methods ({@link #acknowledge}, {@link #decline}, {@link #taskFinished}), which hand the
 * message to that thread. Towards tasks it sends messages through {@link TaskGateway}.
 *
 * <p><b>Failures.</b> A failure to take one checkpoint (a decline, an I/O error writing metadata)
 * aborts that checkpoint; anything else its threads throw — an {@code Error} such as
 * {@code OutOfMemoryError}, or a bug — stops the coordinator and fails the job through
 * {@code failJob}. Every action on its threads runs guarded for that (a scheduled executor would
 * swallow the throwable and leave the job waiting forever for a checkpoint); {@code failJob} must
 * not allocate.
 */
public final class CheckpointCoordinator {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CheckpointCoordinator.class);

    /** How the coordinator reaches one task. Implementations post into the task's mailbox. */
    public interface TaskGateway {
        /** Sources only: take checkpoint n now and emit its barrier. */
        void triggerCheckpoint(long checkpointId, long timestamp);

        /**
         * Sources only: take savepoint n now, emit its barrier, then emit nothing more; end once n
         * completed (its notification ran), resume if it was aborted.
         */
        void triggerStopSavepoint(long checkpointId, long timestamp);

        /** Sources only: end the input now, as if the source had reached its end (stop with drain). */
        void endInput();

        void notifyCheckpointComplete(long checkpointId);

        void notifyCheckpointAborted(long checkpointId);

        boolean isSource();
    }

    /** Writes the final state of a finished task for a checkpoint, returning its acknowledgement. */
    @FunctionalInterface
    public interface FinalStateWriter {
        TaskAcknowledgement write(long checkpointId) throws Exception;
    }

    private static final int MAX_STATS = 1000;

    /** A savepoint asked for: where it goes, whether the job stops with it, and who waits for its path. */
    private record SavepointRequest(Path directory, boolean stop, CompletableFuture<String> result) {
    }

    /** What the history adds to a recorded checkpoint: its kind, its directory once completed, its full size. */
    private record HistoryEntry(boolean savepoint, String path, long stateSize) {
    }

    /** A checkpoint triggered and not yet recorded, for the history (any thread reads it). */
    private record Triggered(long timestamp, long nanos, boolean savepoint) {
    }

    private final CheckpointConfig config;
    private final CheckpointStorage storage;
    private final String jobName;
    private final int maxParallelism;
    private final List<TaskGateway> tasks; // index = task index
    private final Consumer<Throwable> failJob;
    private volatile java.util.function.LongConsumer afterMetadataHook = id -> { };
    private final java.util.concurrent.ScheduledThreadPoolExecutor thread;
    private final ExecutorService finalStateWriters;
    /** Records completions in the job's trace, off the coordinator thread: it does not delay the next checkpoint. */
    private final ExecutorService cleaner;
    /** Forces directories while the coordinator thread writes a checkpoint's metadata (see CheckpointStorage#complete). */
    private final ExecutorService io;
    private final Runnable periodicTrigger;

    // Confined to the coordinator thread:
    private final TreeMap<Long, CheckpointProgress> inProgress = new TreeMap<>();
    private final Map<Integer, FinalStateWriter> finishedTasks = new HashMap<>();
    private final List<Long> retained = new ArrayList<>();
    private final Map<Long, CheckpointStats> stats = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Kind and path per recorded checkpoint (guarded by {@code stats}). */
    private final Map<Long, HistoryEntry> kinds = new HashMap<>();
    private final Map<Long, Triggered> triggered = new java.util.concurrent.ConcurrentSkipListMap<>();
    private volatile String jobIdPrefix = "000000";
    /** Savepoints in progress by id (coordinator thread). */
    private final Map<Long, SavepointRequest> savepoints = new HashMap<>();
    /** A stop-with-savepoint is in progress or done: no checkpoint is triggered any more. */
    private boolean stopping;
    /** A stop with drain: the savepoint taken as the final checkpoint once every task has finished (or null). */
    private SavepointRequest drainSavepoint;
    private long nextCheckpointId;
    private long lastTriggerNanos = Long.MIN_VALUE / 2;
    private long lastCompletionNanos = Long.MIN_VALUE / 2;
    private int consecutiveFailures;
    /** The first checkpoint triggered after every task finished (0 until then). */
    private long finalCheckpointId;
    private boolean stopped;

    public CheckpointCoordinator(CheckpointConfig config, CheckpointStorage storage, String jobName,
                                 int maxParallelism, List<TaskGateway> tasks, long firstCheckpointId,
                                 Consumer<Throwable> failJob) {
        this.config = config;
        this.storage = storage;
        this.jobName = jobName;
        this.maxParallelism = maxParallelism;
        this.tasks = tasks; // the job run fills this list before start(); read only on the coordinator thread
        this.failJob = failJob;
        this.nextCheckpointId = firstCheckpointId;
        this.retained.addAll(storage.completedCheckpointIds());
        Thread.UncaughtExceptionHandler onUncaught = (t, e) -> failJob.accept(e);
        this.thread = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                daemon("weir-checkpoint-coordinator: " + jobName, onUncaught));
        this.thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // pending timeouts die with it
        this.finalStateWriters = Executors.newSingleThreadExecutor(
                daemon("weir-final-state-writer: " + jobName, onUncaught));
        this.cleaner = Executors.newSingleThreadExecutor(daemon("weir-checkpoint-cleaner: " + jobName, onUncaught));
        this.io = Executors.newCachedThreadPool(daemon("weir-checkpoint-io: " + jobName, onUncaught));
        this.periodicTrigger = guarded(this::triggerIfDue);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name, Thread.UncaughtExceptionHandler onUncaught) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            t.setUncaughtExceptionHandler(onUncaught);
            return t;
        };
    }

    /**
     * {@code action} as run on the coordinator thread: what it throws stops the coordinator and
     * fails the job (the executor would swallow it). The catch path allocates nothing.
     */
    private Runnable guarded(Runnable action) {
        return () -> {
            try {
                action.run();
            } catch (java.util.concurrent.RejectedExecutionException late) {
                if (!thread.isShutdown()) { // after shutdown the run is over: a late schedule is no failure
                    stopped = true;
                    failJob.accept(late);
                }
            } catch (Throwable failure) {
                stopped = true;
                failJob.accept(failure);
            }
        };
    }

    /** The job id's first six hex digits, for savepoint directory names (set before start). */
    public void setJobIdPrefix(String prefix) {
        this.jobIdPrefix = prefix;
    }

    /**
     * The history of this run's checkpoints and savepoints for monitoring, oldest first: the recorded
     * ones (at most {@value #MAX_STATS}) and those in progress. Any thread.
     */
    public List<dev.weir.runtime.monitor.CheckpointStats> history() {
        List<dev.weir.runtime.monitor.CheckpointStats> all = new ArrayList<>();
        synchronized (stats) {
            for (CheckpointStats c : stats.values()) {
                HistoryEntry entry = kinds.get(c.checkpointId());
                long alignment = c.tasks().stream().mapToLong(t -> t.alignment().toMillis()).max().orElse(0);
                all.add(new dev.weir.runtime.monitor.CheckpointStats(c.checkpointId(),
                        entry != null && entry.savepoint() ? dev.weir.runtime.monitor.CheckpointStats.Kind.SAVEPOINT
                                : dev.weir.runtime.monitor.CheckpointStats.Kind.CHECKPOINT,
                        c.completed() ? dev.weir.runtime.monitor.CheckpointStats.Status.COMPLETED
                                : dev.weir.runtime.monitor.CheckpointStats.Status.FAILED,
                        c.triggerTimestamp(), c.endToEnd().toMillis(), entry == null ? c.bytes() : entry.stateSize(),
                        c.bytes(), alignment, c.failure(), entry == null ? null : entry.path()));
            }
        }
        long now = System.nanoTime();
        triggered.forEach((id, t) -> all.add(new dev.weir.runtime.monitor.CheckpointStats(id,
                t.savepoint() ? dev.weir.runtime.monitor.CheckpointStats.Kind.SAVEPOINT
                        : dev.weir.runtime.monitor.CheckpointStats.Kind.CHECKPOINT,
                dev.weir.runtime.monitor.CheckpointStats.Status.IN_PROGRESS, t.timestamp(),
                java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(now - t.nanos()), 0, 0, 0, null, null)));
        all.sort(java.util.Comparator.comparingLong(dev.weir.runtime.monitor.CheckpointStats::id));
        return all;
    }

    /** Test hook run after a checkpoint's metadata is durable, before tasks are notified; may throw. */
    public void setAfterMetadataHook(java.util.function.LongConsumer hook) {
        this.afterMetadataHook = hook;
    }

    /** Starts triggering periodically. */
    public void start() {
        long interval = config.getCheckpointInterval();
        thread.scheduleWithFixedDelay(periodicTrigger, interval, Math.max(1, interval / 4), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops triggering, aborts what is in progress and waits until the coordinator thread is idle,
     * so that no metadata is written after this returns.
     */
    public void shutdown() {
        send(() -> {
            stopped = true;
            // Not failures: the run is over (finished, failed or cancelled), its checkpoints just end with it.
            for (long id : new ArrayList<>(inProgress.keySet())) {
                inProgress.remove(id);
                discardQuietly(id);
                triggered.remove(id); // not in progress in the history of the ended run

                failSavepoint(id, "the job ended before it completed");
            }
        });
        thread.shutdown();
        finalStateWriters.shutdownNow();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("checkpoint coordinator of job '{}' did not stop in 30 s", jobName);
            }
            finalStateWriters.awaitTermination(30, TimeUnit.SECONDS); // no file is written after this returns
            io.shutdown();
            cleaner.shutdown(); // after the coordinator thread: what it queued still runs
            cleaner.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public List<CheckpointStats> stats() {
        synchronized (stats) {
            return List.copyOf(stats.values());
        }
    }

    /** Triggers a checkpoint now (tests), if the limits allow. */
    public void triggerNow() {
        send(() -> trigger(true, null));
    }

    /**
     * Triggers a savepoint into {@code directory} (created; it must not exist): a checkpoint whose
     * files all go into that directory, with paths relative to it. It neither subsumes checkpoints
     * nor is it retained, deleted or restored from by {@code latest}; its sinks' transactions are
     * committed by the next checkpoint (as Flink does: only a stop-with-savepoint commits at once).
     * With {@code stop}, the sources emit nothing after its barrier, the tasks are notified when it
     * completes (the sinks commit it) and then end; no checkpoint is triggered after it. The future
     * completes with the directory, or exceptionally when the savepoint failed (a failed
     * stop-with-savepoint lets the job go on). Any thread.
     */
    public CompletableFuture<String> triggerSavepoint(Path directory, boolean stop) {
        CompletableFuture<String> result = new CompletableFuture<>();
        SavepointRequest request = new SavepointRequest(directory, stop, result);
        try {
            thread.execute(guarded(() -> {
                if (stopped || stopping) {
                    result.completeExceptionally(new CheckpointException("cannot take a savepoint of job '" + jobName
                            + "': " + (stopping ? "it is being stopped with a savepoint" : "it is ending")));
                    return;
                }
                trigger(true, request);
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new CheckpointException("cannot take a savepoint of job '" + jobName
                    + "': it has ended"));
        }
        return result;
    }

    /**
     * Stops the job with drain (Flink's {@code advanceToEndOfEventTime}): the sources end their input
     * now, every task ends it as at the end of a bounded input (final watermark, timers and windows
     * fire, {@code endInput}), and the final checkpoint, taken once every task has finished, is a
     * savepoint into {@code directory}. The future completes with its directory. Any thread.
     */
    public CompletableFuture<String> drainWithSavepoint(Path directory) {
        CompletableFuture<String> result = new CompletableFuture<>();
        try {
            thread.execute(guarded(() -> {
                if (stopped || stopping) {
                    result.completeExceptionally(new CheckpointException("cannot stop job '" + jobName
                            + "' with a savepoint: " + (stopping ? "it is being stopped already" : "it is ending")));
                    return;
                }
                stopping = true;
                drainSavepoint = new SavepointRequest(directory, true, result);
                for (TaskGateway task : tasks) {
                    if (task.isSource()) {
                        task.endInput();
                    }
                }
                triggerDrainSavepointIfReady();
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new CheckpointException("cannot stop job '" + jobName + "': it has ended"));
        }
        return result;
    }

    /** Every task has finished and no checkpoint is in progress: the drain's savepoint is the final checkpoint. */
    private void triggerDrainSavepointIfReady() {
        if (drainSavepoint != null && finishedTasks.size() == tasks.size() && inProgress.isEmpty()) {
            SavepointRequest request = drainSavepoint;
            drainSavepoint = null;
            finalCheckpointId = nextCheckpointId;
            trigger(true, request);
        }
    }

    private void failSavepoint(long id, String reason) {
        SavepointRequest request = savepoints.remove(id);
        if (request != null) {
            if (request.stop()) {
                stopping = false;
            }
            request.result().completeExceptionally(new CheckpointException("savepoint " + id + " of job '" + jobName
                    + "' into " + request.directory() + " failed: " + reason));
        }
    }

    // ---- messages from tasks (any thread) ----

    public void acknowledge(TaskAcknowledgement ack) {
        send(() -> onAcknowledge(ack));
    }

    public void decline(long checkpointId, int taskIndex, Throwable cause) {
        send(() -> {
            if (inProgress.containsKey(checkpointId)) {
                abort(checkpointId, "declined by task " + taskIndex + ": " + describe(cause), true);
            }
        });
    }

    /** Hands a message to the coordinator thread; after shutdown messages are dropped (the run is over). */
    private void send(Runnable message) {
        try {
            thread.execute(guarded(message));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the job run ended; its in-progress checkpoints were aborted
        }
    }

    /**
     * A task has ended its input and will take no more snapshots; it took its last one for
     * {@code lastSnapshotId}. Later checkpoints get its final state from {@code writer}.
     */
    public void taskFinished(int taskIndex, long lastSnapshotId, FinalStateWriter writer) {
        send(() -> {
            finishedTasks.put(taskIndex, writer);
            for (CheckpointProgress progress : inProgress.values()) {
                if (progress instanceof CheckpointProgress.Pending pending && pending.awaiting().contains(taskIndex)
                        && pending.checkpointId() > lastSnapshotId) {
                    writeFinalState(taskIndex, pending.checkpointId());
                }
            }
            if (finishedTasks.size() == tasks.size()) {
                if (drainSavepoint != null) {
                    triggerDrainSavepointIfReady(); // else once the checkpoint in progress has ended
                    return;
                }
                finalCheckpointId = nextCheckpointId;
                if (inProgress.isEmpty()) {
                    trigger(true, null); // the final checkpoint: commits what the sinks wrote last
                }
            }
        });
    }

    // ---- on the coordinator thread ----

    private void triggerIfDue() {
        triggerDrainSavepointIfReady();
        trigger(false, null);
    }

    /** Triggers a checkpoint, or with {@code savepoint} that savepoint (not bound by the limits, as in Flink). */
    private void trigger(boolean now, SavepointRequest savepoint) {
        if (stopped || stopping && savepoint == null) {
            return;
        }
        if (savepoint == null && inProgress.size() >= config.getMaxConcurrentCheckpoints()) {
            return;
        }
        long triggerNanos = System.nanoTime();
        // The interval counts from the last start or completion, whichever is later (a little early is fine: the
        // periodic check runs every quarter interval): a checkpoint that took longer than the interval is followed
        // by a full interval of records, not at once by the next one.
        long sinceLast = triggerNanos - Math.max(lastTriggerNanos, lastCompletionNanos);
        if (!now && sinceLast < Math.max(TimeUnit.MILLISECONDS.toNanos(config.getMinPauseBetweenCheckpoints()),
                TimeUnit.MILLISECONDS.toNanos(config.getCheckpointInterval()) * 9 / 10)) {
            return;
        }
        long id = nextCheckpointId++;
        long timestamp = System.currentTimeMillis();
        lastTriggerNanos = triggerNanos;
        java.util.Set<Integer> all = new java.util.HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            all.add(i);
        }
        CheckpointProgress.Pending pending = CheckpointProgress.Pending.trigger(id, timestamp, triggerNanos, all);
        inProgress.put(id, pending);
        triggered.put(id, new Triggered(timestamp, triggerNanos, savepoint != null));
        if (savepoint != null) {
            savepoints.put(id, savepoint);
            stopping |= savepoint.stop();
        }
        try {
            if (savepoint != null) {
                storage.initializeSavepoint(id, savepoint.directory().resolve(savepointName(id)));
            } else {
                storage.initializeCheckpoint(id);
            }
        } catch (IOException | RuntimeException e) {
            abort(id, describe(e), savepoint == null);
            return;
        }
        thread.schedule(guarded(() -> {
            if (inProgress.containsKey(id)) {
                abort(id, "timed out after " + config.getCheckpointTimeout() + " ms", true);
            }
        }), config.getCheckpointTimeout(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < tasks.size(); i++) {
            if (finishedTasks.containsKey(i)) {
                writeFinalState(i, id);
            } else if (tasks.get(i).isSource()) {
                if (savepoint != null && savepoint.stop()) {
                    tasks.get(i).triggerStopSavepoint(id, timestamp);
                } else {
                    tasks.get(i).triggerCheckpoint(id, timestamp);
                }
            }
        }
    }

    /** The directory name of savepoint {@code id}: {@code savepoint-<first 6 hex digits of the job id>-<id>}. */
    private String savepointName(long id) {
        return "savepoint-" + jobIdPrefix + "-" + id;
    }

    private void writeFinalState(int taskIndex, long checkpointId) {
        FinalStateWriter writer = finishedTasks.get(taskIndex);
        if (finalStateWriters.isShutdown()) {
            return;
        }
        finalStateWriters.execute(() -> {
            try {
                acknowledge(writer.write(checkpointId));
            } catch (Error e) {
                failJob.accept(e); // as a task's snapshot writer: an Error fails the job, not only the checkpoint
            } catch (Throwable e) {
                decline(checkpointId, taskIndex, e);
            }
        });
    }

    private void onAcknowledge(TaskAcknowledgement ack) {
        CheckpointProgress progress = inProgress.get(ack.checkpointId());
        if (!(progress instanceof CheckpointProgress.Pending pending)) {
            return; // aborted meanwhile, or a duplicate
        }
        CheckpointProgress next = pending.acknowledge(ack);
        inProgress.put(ack.checkpointId(), next);
        if (next instanceof CheckpointProgress.FullyAcknowledged acknowledged) {
            complete(acknowledged);
        }
    }

    private void complete(CheckpointProgress.FullyAcknowledged acknowledged) {
        long id = acknowledged.checkpointId();
        SavepointRequest savepoint = savepoints.get(id);
        CheckpointMetadata metadata = new CheckpointMetadata(jobName, id, acknowledged.triggerTimestamp(),
                maxParallelism, operatorHandles(acknowledged.acknowledgements()), savepoint != null);
        try {
            storage.complete(metadata, io); // the checkpoint is complete from here on
        } catch (IOException | RuntimeException e) {
            abort(id, "cannot complete it: " + describe(e), savepoint == null);
            return;
        }
        if (savepoint != null) {
            completeSavepoint(acknowledged, savepoint, metadata);
            return;
        }
        CheckpointProgress.Completed completed = acknowledged.complete(metadata);
        inProgress.remove(completed.checkpointId());
        try {
            afterMetadataHook.accept(id);
        } catch (RuntimeException e) {
            stopped = true;
            failJob.accept(e); // as if the process died here: complete, but nobody was notified
            return;
        }
        consecutiveFailures = 0;
        lastCompletionNanos = System.nanoTime();
        record(id, true, acknowledged.triggerTimestamp(), acknowledged.triggerNanos(),
                acknowledged.acknowledgements(), null, storage.checkpointDirectory(id).toString(), false,
                stateSize(metadata));
        for (TaskGateway task : tasks) {
            task.notifyCheckpointComplete(id);
        }
        if (finalCheckpointId > 0 && id >= finalCheckpointId) {
            stopped = true; // the final checkpoint: triggered after every task ended, it holds all their last states
        }
        // Older checkpoints still in progress can no longer matter: the newer one subsumes them.
        for (long older : new ArrayList<>(inProgress.headMap(id).keySet())) {
            if (!savepoints.containsKey(older)) { // a checkpoint never subsumes a savepoint
                abort(older, "subsumed by checkpoint " + id, false);
            }
        }
        retained.add(id);
        while (retained.size() > config.getRetainedCheckpoints()) {
            discardQuietly(retained.remove(0));
        }
        for (long leftover : storage.checkpointIds()) {
            if (leftover < id && !retained.contains(leftover)) {
                discardQuietly(leftover); // files of aborted checkpoints written after their abort
            }
        }
        cleaner.execute(() -> {
            try {
                storage.recordCompleted(id);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot record the completion of checkpoint {} in the trace of job '{}' (a restore finds it "
                        + "all the same): {}", id, jobName, describe(e));
            }
        });
        // subsumed checkpoints are gone before their shared files: no checkpoint left on disk refers to a deleted file
        deleteUnreferencedSharedFiles();
    }

    /**
     * A savepoint is complete: it is the user's from here on (never retained or deleted, not a
     * checkpoint to restart from). A stop-with-savepoint notifies the tasks (the sinks commit it, then
     * the tasks end); an intermediate savepoint notifies nobody: the next checkpoint commits its
     * transactions, so a restart from that checkpoint after a failure repeats no committed output.
     */
    private void completeSavepoint(CheckpointProgress.FullyAcknowledged acknowledged, SavepointRequest request,
                                   CheckpointMetadata metadata) {
        long id = acknowledged.checkpointId();
        Path directory = storage.savepointDirectory(id);
        storage.savepointCompleted(id);
        savepoints.remove(id);
        inProgress.remove(id);
        record(id, true, acknowledged.triggerTimestamp(), acknowledged.triggerNanos(),
                acknowledged.acknowledgements(), null, directory.toString(), true, stateSize(metadata));
        LOG.info("savepoint {} of job '{}' completed: {}", id, jobName, directory);
        if (request.stop()) {
            stopped = true; // nothing is triggered after the final savepoint
            for (long older : new ArrayList<>(inProgress.keySet())) {
                abort(older, "the job stops with savepoint " + id, false);
            }
            for (TaskGateway task : tasks) {
                task.notifyCheckpointComplete(id);
            }
        }
        request.result().complete(directory.toString());
    }

    /**
     * The shared-state registry: a shared file lives while a retained checkpoint references it;
     * uploads of aborted or crashed checkpoints are deleted too. It runs only while no checkpoint is
     * in progress, because one in progress may be uploading files that no metadata names yet (with
     * more than one concurrent checkpoint, clean-up therefore waits for a quiet moment).
     */
    private void deleteUnreferencedSharedFiles() {
        if (!inProgress.isEmpty() || !java.nio.file.Files.isDirectory(storage.sharedDirectory())) {
            return;
        }
        try {
            storage.deleteUnreferencedSharedFiles(java.util.Set.of());
        } catch (RuntimeException e) {
            LOG.warn("cannot clean up shared state files: " + e.getMessage());
        }
    }

    private List<OperatorStateHandles> operatorHandles(List<TaskAcknowledgement> acks) {
        Map<String, TaskAcknowledgement.OperatorSubtaskState> firstByUid = new LinkedHashMap<>();
        Map<String, java.util.SortedSet<StateName>> statesByUid = new HashMap<>();
        Map<String, List<SubtaskStateHandle>> subtasksByUid = new HashMap<>();
        for (TaskAcknowledgement ack : acks) {
            for (TaskAcknowledgement.OperatorSubtaskState op : ack.operators()) {
                firstByUid.putIfAbsent(op.uid(), op);
                statesByUid.computeIfAbsent(op.uid(), uid -> new java.util.TreeSet<>()).addAll(op.states());
                subtasksByUid.computeIfAbsent(op.uid(), uid -> new ArrayList<>()).add(op.handle());
            }
        }
        List<OperatorStateHandles> handles = new ArrayList<>();
        for (TaskAcknowledgement.OperatorSubtaskState op : firstByUid.values()) {
            List<SubtaskStateHandle> sorted = new ArrayList<>(subtasksByUid.get(op.uid()));
            sorted.sort(java.util.Comparator.comparingInt(SubtaskStateHandle::subtask));
            handles.add(new OperatorStateHandles(op.uid(), op.name(), op.parallelism(),
                    List.copyOf(statesByUid.get(op.uid())), List.copyOf(sorted)));
        }
        return handles;
    }

    private void abort(long id, String reason, boolean countsAsFailure) {
        CheckpointProgress progress = inProgress.remove(id);
        if (progress == null) {
            return;
        }
        discardQuietly(id);
        long triggerTimestamp = 0;
        long triggerNanos = System.nanoTime();
        List<TaskAcknowledgement> acks = List.of();
        CheckpointProgress.Aborted aborted = new CheckpointProgress.Aborted(id, reason);
        if (progress instanceof CheckpointProgress.Pending p) {
            triggerTimestamp = p.triggerTimestamp();
            triggerNanos = p.triggerNanos();
            acks = p.acknowledgements();
            aborted = p.abort(reason);
        } else if (progress instanceof CheckpointProgress.FullyAcknowledged f) {
            triggerTimestamp = f.triggerTimestamp();
            triggerNanos = f.triggerNanos();
            acks = f.acknowledgements();
            aborted = f.abort(reason);
        }
        record(id, false, triggerTimestamp, triggerNanos, acks, aborted.reason(), null, savepoints.containsKey(id), -1);
        failSavepoint(id, reason);
        for (TaskGateway task : tasks) {
            task.notifyCheckpointAborted(id);
        }
        if (!countsAsFailure || stopped) {
            return;
        }
        consecutiveFailures++;
        LOG.warn("checkpoint {} of job '{}' failed ({} in a row, {} tolerated): {}",
                id, jobName, consecutiveFailures, config.getTolerableCheckpointFailureNumber(), reason);
        if (consecutiveFailures > config.getTolerableCheckpointFailureNumber()) {
            failJob.accept(new CheckpointException("checkpoint " + id + " of job '" + jobName + "' failed: " + reason
                    + " — " + consecutiveFailures + " failed checkpoint(s) in a row exceed the tolerated "
                    + config.getTolerableCheckpointFailureNumber() + " (--tolerable-failed-checkpoints N, "
                    + "getCheckpointConfig().setTolerableCheckpointFailureNumber(n), default 0), so the job fails; "
                    + "its restart strategy decides whether it restarts from the last completed checkpoint"));
        }
    }

    /** All bytes a completed checkpoint holds: its own files and every shared file it references (once). */
    private static long stateSize(CheckpointMetadata metadata) {
        long size = metadata.totalBytes();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (OperatorStateHandles op : metadata.operators()) {
            for (SubtaskStateHandle s : op.subtasks()) {
                for (SubtaskStateHandle.SharedFile f : s.sharedFiles()) {
                    if (seen.add(f.path())) {
                        size += f.bytes();
                    }
                }
            }
        }
        return size;
    }

    /** A failure for a log line or a message: a described file failure as is, others with their type. */
    private static String describe(Throwable e) {
        return e instanceof dev.weir.connector.FileOperationException
                || e instanceof dev.weir.api.spi.AsyncSnapshotWork.ActionFailedException ? e.getMessage()
                : String.valueOf(e);
    }

    private void discardQuietly(long id) {
        try {
            storage.discard(id);
        } catch (RuntimeException e) {
            LOG.warn("cannot delete checkpoint " + id + ": " + e.getMessage());
        }
    }

    private void record(long id, boolean completed, long triggerTimestamp, long triggerNanos,
                        List<TaskAcknowledgement> acks, String failure, String path, boolean savepoint,
                        long stateSize) {
        List<CheckpointStats.Task> taskStats = new ArrayList<>();
        long bytes = 0;
        for (TaskAcknowledgement ack : acks) {
            taskStats.add(new CheckpointStats.Task(ack.taskIndex(), Duration.ofNanos(ack.syncNanos()),
                    Duration.ofNanos(ack.asyncNanos()), Duration.ofNanos(ack.alignmentNanos()), ack.bytes()));
            bytes += ack.bytes();
        }
        taskStats.sort(java.util.Comparator.comparingInt(CheckpointStats.Task::taskIndex));
        synchronized (stats) {
            stats.put(id, new CheckpointStats(id, completed, triggerTimestamp,
                    Duration.ofNanos(System.nanoTime() - triggerNanos), bytes, List.copyOf(taskStats), failure));
            kinds.put(id, new HistoryEntry(savepoint, path, stateSize < 0 ? bytes : stateSize));
            triggered.remove(id);
            while (stats.size() > MAX_STATS) { // a long-running job keeps the most recent ones
                kinds.remove(stats.keySet().iterator().next());
                stats.remove(stats.keySet().iterator().next());
            }
        }
    }
}
