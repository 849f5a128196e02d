package dev.weir.checkpoint;

import dev.weir.api.CheckpointConfig;
import dev.weir.api.CheckpointStats;
import java.io.IOException;
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

    /** Triggers a checkpoint now (tests and savepoint-like uses), if the limits allow. */
    public void triggerNow() {
        send(() -> trigger(true));
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
                finalCheckpointId = nextCheckpointId;
                if (inProgress.isEmpty()) {
                    trigger(true); // the final checkpoint: commits what the sinks wrote last
                }
            }
        });
    }

    // ---- on the coordinator thread ----

    private void triggerIfDue() {
        trigger(false);
    }

    private void trigger(boolean now) {
        if (stopped) {
            return;
        }
        if (inProgress.size() >= config.getMaxConcurrentCheckpoints()) {
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
        try {
            storage.initializeCheckpoint(id);
        } catch (IOException | RuntimeException e) {
            abort(id, describe(e), true);
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
                tasks.get(i).triggerCheckpoint(id, timestamp);
            }
        }
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
        CheckpointMetadata metadata = new CheckpointMetadata(jobName, id, acknowledged.triggerTimestamp(),
                maxParallelism, operatorHandles(acknowledged.acknowledgements()));
        try {
            storage.complete(metadata, io); // the checkpoint is complete from here on
        } catch (IOException | RuntimeException e) {
            abort(id, "cannot complete it: " + describe(e), true);
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
                acknowledged.acknowledgements(), null);
        for (TaskGateway task : tasks) {
            task.notifyCheckpointComplete(id);
        }
        if (finalCheckpointId > 0 && id >= finalCheckpointId) {
            stopped = true; // the final checkpoint: triggered after every task ended, it holds all their last states
        }
        // Older checkpoints still in progress can no longer matter: the newer one subsumes them.
        for (long older : new ArrayList<>(inProgress.headMap(id).keySet())) {
            abort(older, "subsumed by checkpoint " + id, false);
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
        record(id, false, triggerTimestamp, triggerNanos, acks, aborted.reason());
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
                        List<TaskAcknowledgement> acks, String failure) {
        List<CheckpointStats.Task> taskStats = new ArrayList<>();
        long bytes = 0;
        for (TaskAcknowledgement ack : acks) {
            taskStats.add(new CheckpointStats.Task(ack.taskIndex(), Duration.ofNanos(ack.syncNanos()),
                    Duration.ofNanos(ack.asyncNanos()), Duration.ofNanos(ack.alignmentNanos()), ack.bytes()));
            bytes += ack.bytes();
        }
        taskStats.sort(java.util.Comparator.comparingInt(CheckpointStats.Task::taskIndex));
        stats.put(id, new CheckpointStats(id, completed, triggerTimestamp,
                Duration.ofNanos(System.nanoTime() - triggerNanos), bytes, List.copyOf(taskStats), failure));
        synchronized (stats) {
            while (stats.size() > MAX_STATS) { // a long-running job keeps the most recent ones
                stats.remove(stats.keySet().iterator().next());
            }
        }
    }
}
