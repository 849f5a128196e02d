package dev.weir.runtime;

import dev.weir.api.testing.FaultInjector;
import dev.weir.api.CheckpointConfig;
import dev.weir.api.CheckpointStats;
import dev.weir.api.JobProgress;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.OperatorStats;
import dev.weir.checkpoint.CheckpointCoordinator;
import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.checkpoint.CompletedCheckpoint;
import dev.weir.checkpoint.OperatorStateHandles;
import dev.weir.graph.JobEdge;
import dev.weir.graph.JobGraph;
import dev.weir.graph.JobVertex;
import dev.weir.api.dag.Transformation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import dev.weir.runtime.operators.OperatorRestore;
import dev.weir.state.KeyedStateBackendFactory;
import dev.weir.state.serialization.Serializers;

/**
 * Runs a {@link JobGraph} in this JVM: one thread per subtask of each vertex, connected by
 * bounded channels. Everything that can fail in setting up (operators, function copies) fails
 * in the constructor, before any thread starts. The first task failure cancels all others.
 *
 * <p><b>Failures of engine threads.</b> Any {@code Throwable} (an {@code Error} such as
 * {@code OutOfMemoryError} as well as an exception) on any thread of the run — a task, the
 * checkpoint coordinator, a snapshot writer, the timer scheduler — is the run's failure: task
 * threads report it themselves, the others through {@link #failJob} (their uncaught-exception
 * handler, or a guard around each scheduled action, since executors swallow what those throw).
 * That path allocates nothing: the handler object, the task array it walks and the failure slot
 * exist before any thread starts, so it still works when the heap is exhausted.
 *
 * <p><b>Status.</b> A run is {@code FINISHED} only when every task reached its end — a source task
 * read its source to the end, and every task (with checkpointing) saw a checkpoint holding its
 * final state complete and its sinks commit it — and closed without error. Threads that stopped
 * any other way make the run {@code FAILED} (or {@code CANCELED} on request), never
 * {@code FINISHED}.
 */
public final class LocalJobRun {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalJobRun.class);

    /**
     * Tuning of the channels between tasks.
     *
     * @param bufferTimeoutMillis the longest a record waits in a partly filled batch while its task
     *                            is busy (operators may set their own): positive = flush at least
     *                            that often, 0 = send every record at once, -1 = only full batches
     *                            and when the task goes idle
     */
    public record ChannelSettings(int batchSize, int channelCapacity, long bufferTimeoutMillis) {
        /** The default buffer timeout, as in Flink. */
        public static final long DEFAULT_BUFFER_TIMEOUT_MILLIS = dev.weir.api.spi.JobSpec.DEFAULT_BUFFER_TIMEOUT_MILLIS;

        public ChannelSettings {
            if (batchSize < 1 || channelCapacity < 1) {
                throw new IllegalArgumentException("batch size and channel capacity must be at least 1");
            }
            if (bufferTimeoutMillis < -1) {
                throw new IllegalArgumentException("buffer timeout must be -1 (none), 0 (every record) or a "
                        + "positive number of milliseconds, was " + bufferTimeoutMillis);
            }
        }

        public ChannelSettings(int batchSize, int channelCapacity) {
            this(batchSize, channelCapacity, DEFAULT_BUFFER_TIMEOUT_MILLIS);
        }
    }

    /**
     * How one run of a job is set up.
     *
     * @param checkpointConfig null when checkpointing is off
     * @param storage          the job's checkpoint directory (null when checkpointing is off)
     * @param restore          the checkpoint to start from, or null for a fresh start
     * @param attempt          restarts before this run
     */
    public record RunSettings(ChannelSettings channels, CheckpointConfig checkpointConfig, CheckpointStorage storage,
                              CompletedCheckpoint restore, boolean allowNonRestoredState, Serializers serializers,
                              FaultInjector faults, int attempt, KeyedStateBackendFactory stateBackend,
                              long autoWatermarkInterval, boolean fireProcessingTimersAtEnd) {

        RunSettings forAttempt(int attempt, CompletedCheckpoint restore) {
            return new RunSettings(channels, checkpointConfig, storage, restore, allowNonRestoredState, serializers,
                    faults, attempt, stateBackend, autoWatermarkInterval, fireProcessingTimersAtEnd);
        }
    }

    private final JobGraph graph;
    private final RunSettings settings;
    private final CheckpointCoordinator coordinator;
    private final ExecutorService snapshotWriters;
    /** The pieces of each task's snapshot writing (see SnapshotWriter): threads made as needed, idle ones end. */
    private final ExecutorService snapshotPieces;
    private boolean started;
    private final long firstCheckpointId;
    private final List<Task> tasks = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService timerScheduler;
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    /** Reports a throwable of any engine thread of this run as its failure; made before any thread starts. */
    private final Thread.UncaughtExceptionHandler engineThreadFailure = (thread, failure) -> failJob(failure);
    /** The tasks as an array, walked by {@link #stopAllTasks()} without allocating (e.g. no iterator). */
    private Task[] taskArray = new Task[0];
    private final CountDownLatch finished;
    private volatile boolean cancelled;
    private volatile boolean cancelRequested;
    private volatile boolean stoppedByCancel; // some task was unwound before the end of its input
    private long startNanos;
    private volatile JobExecutionResult result;

    public LocalJobRun(JobGraph graph, RunSettings settings) {
        this.graph = graph;
        this.settings = settings;
        Map<Transformation, OperatorRestore> restores = assignRestoredState(settings.restore());
        OperatorChain.Environment chainEnvironment = new OperatorChain.Environment(graph.jobName(),
                graph.maxParallelism(), settings.serializers(), settings.attempt(), settings.faults(),
                CheckpointTiming.of(settings.checkpointConfig()), settings.stateBackend(),
                t -> restores.getOrDefault(t, OperatorRestore.NONE), settings.autoWatermarkInterval(),
                settings.fireProcessingTimersAtEnd());
        boolean checkpointing = settings.checkpointConfig() != null;
        // A thread per task (up to 8): writers mostly wait on fsync, and fsyncs issued together share the
        // file system's journal commit, where a queue behind two threads adds their waits up.
        int writerThreads = Math.max(2, Math.min(8, graph.vertices().stream().mapToInt(JobVertex::parallelism).sum()));
        this.snapshotWriters = checkpointing ? java.util.concurrent.Executors.newFixedThreadPool(writerThreads, runnable -> {
            Thread thread = new Thread(runnable, "weir-snapshot-writer: " + graph.jobName());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler(engineThreadFailure);
            return thread;
        }) : null;
        this.snapshotPieces = checkpointing ? Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "weir-snapshot-piece: " + graph.jobName());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler(engineThreadFailure);
            return thread;
        }) : null;
        this.timerScheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weir-timers: " + graph.jobName());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler(engineThreadFailure);
            return thread;
        });
        Map<JobVertex, TaskWakeup[]> wakeups = new HashMap<>();
        Map<JobVertex, OutputFlusher[]> flushers = new HashMap<>();
        for (JobVertex vertex : graph.vertices()) {
            TaskWakeup[] perSubtask = new TaskWakeup[vertex.parallelism()];
            for (int i = 0; i < perSubtask.length; i++) {
                perSubtask[i] = new TaskWakeup();
            }
            wakeups.put(vertex, perSubtask);
            OutputFlusher[] vertexFlushers = new OutputFlusher[vertex.parallelism()];
            for (int i = 0; i < vertexFlushers.length; i++) {
                vertexFlushers[i] = new OutputFlusher();
            }
            flushers.put(vertex, vertexFlushers);
        }
        // Channels and writers, edge by edge.
        Map<JobVertex, List<List<Channel>>> inputChannels = new HashMap<>();
        Map<JobVertex, List<List<Integer>>> inputOfChannels = new HashMap<>(); // which input each channel feeds
        Map<JobVertex, List<Map<Transformation, List<RecordWriter>>>> writers = new HashMap<>();
        for (JobVertex vertex : graph.vertices()) {
            List<List<Channel>> in = new ArrayList<>();
            List<List<Integer>> inputOf = new ArrayList<>();
            List<Map<Transformation, List<RecordWriter>>> out = new ArrayList<>();
            for (int i = 0; i < vertex.parallelism(); i++) {
                in.add(new ArrayList<>());
                inputOf.add(new ArrayList<>());
                out.add(new LinkedHashMap<>());
            }
            inputChannels.put(vertex, in);
            inputOfChannels.put(vertex, inputOf);
            writers.put(vertex, out);
        }
        for (JobEdge edge : graph.edges()) {
            int producers = edge.from().parallelism();
            int consumers = edge.to().parallelism();
            for (int p = 0; p < producers; p++) {
                List<Integer> targets = edge.isPointwise() ? List.of(p) : range(consumers);
                Channel[] channels = new Channel[targets.size()];
                for (int k = 0; k < channels.length; k++) {
                    int c = targets.get(k);
                    channels[k] = new Channel(edge.producer().name() + " " + (p + 1) + " -> " + edge.to().name()
                            + " " + (c + 1), settings.channels().channelCapacity(), wakeups.get(edge.to())[c]);
                    inputChannels.get(edge.to()).get(c).add(channels[k]);
                    inputOfChannels.get(edge.to()).get(c).add(edge.inputIndex());
                }
                ChannelSelector selector = ChannelSelector.of(edge.partitioning(), channels.length,
                        graph.maxParallelism(), edge.to().head().toString());
                long timeout = bufferTimeout(edge.producer(), settings.channels());
                OutputFlusher flusher = flushers.get(edge.from())[p];
                RecordWriter writer = new RecordWriter(channels, selector,
                        timeout == 0 ? 1 : settings.channels().batchSize(), wakeups.get(edge.from())[p],
                        this::isCancelled, flusher);
                if (timeout > 0) {
                    flusher.add(writer, timeout);
                }
                writers.get(edge.from()).get(p).computeIfAbsent(edge.producer(), t -> new ArrayList<>()).add(writer);
            }
        }
        List<CheckpointCoordinator.TaskGateway> gateways = new ArrayList<>();
        long firstCheckpointId = checkpointing ? firstCheckpointId(settings) : 1;
        this.firstCheckpointId = firstCheckpointId;
        this.coordinator = checkpointing ? new CheckpointCoordinator(settings.checkpointConfig(), settings.storage(),
                graph.jobName(), graph.maxParallelism(), gateways, firstCheckpointId, this::failJob) : null;
        if (coordinator != null) {
            coordinator.setAfterMetadataHook(id -> {
                try {
                    settings.faults().at(FaultInjector.Point.AFTER_METADATA, null, id, settings.attempt());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        Task.Checkpointing taskCheckpointing = checkpointing ? new Task.Checkpointing(coordinator,
                new SnapshotWriter(settings.storage(), snapshotPieces), snapshotWriters, settings.checkpointConfig().getCheckpointingConsistencyMode(),
                settings.faults(), settings.attempt(), firstCheckpointId) : null;
        for (JobVertex vertex : graph.vertices()) {
            for (int s = 0; s < vertex.parallelism(); s++) {
                TaskWakeup wakeup = wakeups.get(vertex)[s];
                Mailbox mailbox = new Mailbox(wakeup);
                Map<Transformation, List<RecordWriter>> taskWriters = writers.get(vertex).get(s);
                OperatorChain chain = OperatorChain.create(vertex, s, chainEnvironment, taskWriters,
                        new SystemProcessingTimeService(timerScheduler, mailbox, this::failJob));
                InputGate gate = vertex.isSource() ? null
                        : new InputGate(inputChannels.get(vertex).get(s).toArray(Channel[]::new),
                        inputOfChannels.get(vertex).get(s).stream().mapToInt(Integer::intValue).toArray());
                List<RecordWriter> allWriters = taskWriters.values().stream().flatMap(List::stream).toList();
                Task task = new Task(tasks.size(), vertex.name() + " (" + (s + 1) + "/" + vertex.parallelism() + ")",
                        wakeup, mailbox, chain, gate, allWriters, flushers.get(vertex)[s], this, taskCheckpointing);
                tasks.add(task);
                gateways.add(new MailboxGateway(task));
            }
        }
        this.finished = new CountDownLatch(tasks.size());
        this.taskArray = tasks.toArray(new Task[0]);
        warmUpFailurePath();
    }

    /**
     * Runs what {@link #failJob} runs once, harmlessly, so that its first real use links nothing:
     * the first call through a VarHandle (the compare-and-set) allocates, which a full heap refuses.
     */
    private void warmUpFailurePath() {
        HeapReserve.hold();
        firstFailure.compareAndSet(null, null);
        HeapReserve.releaseFor(null);
        for (Task task : taskArray) {
            task.wakeup().wakeUp(); // no thread is bound yet: does nothing
        }
    }

    /** The operator's own buffer timeout, or the job's when it has none (-1, as in Flink). */
    private static long bufferTimeout(Transformation producer, ChannelSettings channels) {
        return producer.bufferTimeout() >= 0 ? producer.bufferTimeout() : channels.bufferTimeoutMillis();
    }

    /** Posts the coordinator's messages into a task's mailbox. */
    private record MailboxGateway(Task task) implements CheckpointCoordinator.TaskGateway {
        @Override
        public void triggerCheckpoint(long checkpointId, long timestamp) {
            task.mailbox().post(() -> task.triggerCheckpoint(checkpointId, timestamp));
        }

        @Override
        public void triggerStopSavepoint(long checkpointId, long timestamp) {
            task.mailbox().post(() -> task.triggerStopSavepoint(checkpointId, timestamp));
        }

        @Override
        public void endInput() {
            task.mailbox().post(task::drain);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            task.mailbox().post(() -> task.notifyCheckpointComplete(checkpointId));
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) {
            task.mailbox().post(() -> task.notifyCheckpointAborted(checkpointId));
        }

        @Override
        public boolean isSource() {
            return task.isSource();
        }
    }

    private static long firstCheckpointId(RunSettings settings) {
        long highest = settings.storage().highestUsedCheckpointId(); // also ids of checkpoints whose directory is gone
        long restored = settings.restore() == null ? 0 : settings.restore().checkpointId();
        return Math.max(highest, restored) + 1;
    }

    /** The id of the first checkpoint this run takes; every id it uses is at least this. */
    public long firstCheckpointId() {
        return firstCheckpointId;
    }

    /** The uid state is stored under: the user's, or one generated from the operator's place in the job. */
    String uidOf(Transformation t) {
        return graph.uidOf(t);
    }

    /**
     * Matches the restored checkpoint's operator state to this job's operators by uid. A checkpoint
     * of another job (another name, or no stateful operator in common) is refused. State of a uid
     * the job no longer has is an error unless the user allowed dropping it; then each dropped uid
     * and state is logged.
     */
    private Map<Transformation, OperatorRestore> assignRestoredState(CompletedCheckpoint checkpoint) {
        Map<Transformation, OperatorRestore> restores = new HashMap<>();
        if (checkpoint == null) {
            return restores;
        }
        String where = "checkpoint " + checkpoint.checkpointDirectory();
        if (!checkpoint.metadata().jobName().equals(graph.jobName())) {
            throw new IllegalArgumentException(where + " belongs to job '" + checkpoint.metadata().jobName()
                    + "', not to job '" + graph.jobName() + "'");
        }
        if (checkpoint.metadata().maxParallelism() != graph.maxParallelism()) {
            throw new IllegalArgumentException(where + " was taken with maxParallelism "
                    + checkpoint.metadata().maxParallelism() + ", the job has " + graph.maxParallelism()
                    + "; keyed state cannot be redistributed to another number of key groups");
        }
        Map<String, Transformation> byUid = new HashMap<>();
        graph.transformations().forEach(t -> byUid.put(graph.uidOf(t), t));
        List<OperatorStateHandles> unmatched = new ArrayList<>();
        boolean anyMatched = false;
        for (OperatorStateHandles handles : checkpoint.metadata().operators()) {
            Transformation t = byUid.get(handles.uid());
            if (t == null) {
                if (handles.hasState()) { // a stateless operator that is gone loses nothing
                    unmatched.add(handles);
                }
            } else {
                anyMatched |= handles.hasState();
                restores.put(t, new OperatorRestore(checkpoint, handles));
            }
        }
        if (unmatched.isEmpty()) {
            return restores; // operators new to the job start fresh
        }
        String theirs = unmatched.stream().map(LocalJobRun::describe).collect(java.util.stream.Collectors.joining("; "));
        if (!anyMatched) {
            String ours = graph.transformations().stream().filter(Transformation::isStateful)
                    .map(t -> "'" + graph.uidOf(t) + "'").collect(java.util.stream.Collectors.joining(", "));
            throw new IllegalArgumentException(where + " of job '" + checkpoint.metadata().jobName()
                    + "' shares no stateful operator with this job '" + graph.jobName() + "': it holds " + theirs
                    + "; this job's stateful operators are " + ours + ". It is another job's checkpoint (two jobs "
                    + "with one name?): give each job its own name, or restore this job's own checkpoint");
        }
        if (!settings.allowNonRestoredState()) {
            throw new IllegalArgumentException(where + " holds state of operators this job does not have: " + theirs
                    + "; give the operator its uid back, or allow dropping the state with setAllowNonRestoredState(true)");
        }
        for (OperatorStateHandles dropped : unmatched) {
            LOG.warn("job '{}' drops the state of removed operator {} from {} (allowNonRestoredState)",
                    graph.jobName(), describe(dropped), where);
        }
        return restores;
    }

    private static String describe(OperatorStateHandles handles) {
        return "uid '" + handles.uid() + "' ('" + handles.name() + "'"
                + (handles.states().isEmpty() ? "" : ", states " + handles.states()) + ")";
    }

    /** Names savepoint directories after the job's id (its first six hex digits); before {@link #start}. */
    void setJobId(dev.weir.api.JobID jobId) {
        if (coordinator != null) {
            coordinator.setJobIdPrefix(jobId.toHexString().substring(0, 6));
        }
    }

    /**
     * Triggers a savepoint into {@code directory} (see {@link CheckpointCoordinator#triggerSavepoint});
     * fails at once when checkpointing is off.
     */
    java.util.concurrent.CompletableFuture<String> triggerSavepoint(java.nio.file.Path directory, boolean stop) {
        if (coordinator == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("job '"
                    + graph.jobName() + "' cannot take a savepoint: checkpointing is off (enable it with "
                    + "enableCheckpointing(interval) and a checkpoint directory)"));
        }
        return coordinator.triggerSavepoint(directory, stop);
    }

    /** Stops with drain and a final savepoint (see {@link CheckpointCoordinator#drainWithSavepoint}). */
    java.util.concurrent.CompletableFuture<String> drainWithSavepoint(java.nio.file.Path directory) {
        if (coordinator == null) {
            return triggerSavepoint(directory, true);
        }
        return coordinator.drainWithSavepoint(directory);
    }

    /** The history of this run's checkpoints and savepoints (see {@link CheckpointCoordinator#history}). */
    List<dev.weir.runtime.monitor.CheckpointStats> checkpointHistory() {
        return coordinator == null ? List.of() : coordinator.history();
    }

    /** Statistics of the checkpoints of this run. */
    public List<CheckpointStats> checkpointStats() {
        return coordinator == null ? List.of() : coordinator.stats();
    }

    public JobProgress getProgress() {
        long[] inOut = recordsInOut();
        return progress(inOut[0], inOut[1], checkpointStats(), settings.attempt());
    }

    /**
     * What the metrics of each operator subtask of this run read (see {@code JobMetrics}): the
     * counters the tasks keep anyway, and each task's waiting times.
     */
    List<dev.weir.runtime.metrics.JobMetrics.OperatorProbe> metricProbes() {
        List<dev.weir.runtime.metrics.JobMetrics.OperatorProbe> probes = new ArrayList<>();
        for (Task task : tasks) {
            for (OperatorChain.Member member : task.chain().members()) {
                OperatorMetrics counters = member.metrics();
                var operator = member.operator();
                probes.add(new dev.weir.runtime.metrics.JobMetrics.OperatorProbe(uidOf(member.transformation()),
                        member.info().operatorName(), member.info().subtaskIndex(), counters::recordsIn,
                        counters::recordsOut, counters::inputWatermark, counters::outputWatermark,
                        operator::numLateRecordsDropped, task.wakeup(), member.userMetrics()));
            }
        }
        return probes;
    }

    /** Records the sources emitted and the sinks received so far (read while the tasks run). */
    long[] recordsInOut() {
        long in = 0;
        long out = 0;
        for (Task task : tasks) {
            for (OperatorChain.Member member : task.chain().members()) {
                Transformation.Kind kind = member.transformation().kind();
                if (kind == Transformation.Kind.SOURCE) {
                    in += member.metrics().recordsOut();
                } else if (kind == Transformation.Kind.SINK) {
                    out += member.metrics().recordsIn();
                }
            }
        }
        return new long[] {in, out};
    }

    static JobProgress progress(long recordsIn, long recordsOut, List<CheckpointStats> checkpoints, int restarts) {
        int completed = 0;
        CheckpointStats last = null;
        for (CheckpointStats c : checkpoints) {
            if (c.completed()) {
                completed++;
                if (last == null || c.checkpointId() > last.checkpointId()) {
                    last = c;
                }
            }
        }
        return new JobProgress(recordsIn, recordsOut, completed, last == null ? -1 : last.checkpointId(),
                last == null ? null : last.endToEnd(), restarts);
    }

    /**
     * Fails the whole run from outside a task (too many failed checkpoints, an {@code Error} on the
     * coordinator, a snapshot writer or the timer thread). Any thread; allocates nothing.
     */
    void failJob(Throwable cause) {
        HeapReserve.releaseFor(cause);
        if (firstFailure.compareAndSet(null, cause)) {
            stopAllTasks();
        }
    }

    private static List<Integer> range(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    /** Starts every task thread (once). */
    public synchronized LocalJobRun start() {
        if (started) {
            throw new IllegalStateException("job run already started");
        }
        started = true;
        startNanos = System.nanoTime();
        for (Task task : tasks) {
            Thread thread = new Thread(() -> {
                try {
                    task.run();
                } finally {
                    finished.countDown();
                }
            }, "weir: " + task.name());
            thread.setUncaughtExceptionHandler(engineThreadFailure); // e.g. an Error while reporting another
            threads.add(thread);
        }
        for (int i = 0; i < threads.size(); i++) {
            try {
                threads.get(i).start();
            } catch (Throwable e) {
                failJob(e);
                for (int j = i; j < threads.size(); j++) {
                    finished.countDown();
                }
                threads.subList(i, threads.size()).clear();
                return this;
            }
        }
        for (Task task : tasks) {
            task.flusher().start(timerScheduler);
        }
        if (coordinator != null) {
            coordinator.start();
        }
        return this;
    }

    boolean isCancelled() {
        return cancelled;
    }

    void taskFailed(Task task, Throwable failure) {
        HeapReserve.releaseFor(failure);
        if (cancelled && Causes.find(failure, TaskCancelledException.class) != null) {
            stoppedByCancel = true;
            return; // stopped because of another failure or a cancel request
        }
        if (firstFailure.compareAndSet(null, failure)) {
            stopAllTasks();
        }
    }

    private void stopAllTasks() {
        cancelled = true;
        Task[] all = taskArray;
        for (int i = 0; i < all.length; i++) {
            all[i].wakeup().wakeUp();
        }
    }

    public String getJobName() {
        return graph.jobName();
    }

    public void cancel() {
        if (finished.getCount() == 0) {
            return; // already ended; its status stays what it was
        }
        cancelRequested = true;
        stopAllTasks();
    }

    public JobExecutionResult awaitResult() throws InterruptedException {
        finished.await();
        return result();
    }

    public JobExecutionResult awaitResult(Duration timeout) throws InterruptedException, TimeoutException {
        if (!finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("job '" + graph.jobName() + "' still running after " + timeout);
        }
        return result();
    }

    private synchronized JobExecutionResult result() throws InterruptedException {
        if (result != null) {
            return result;
        }
        for (Thread thread : threads) {
            thread.join(); // makes each task's counters visible here
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        timerScheduler.shutdownNow();
        if (coordinator != null) {
            coordinator.shutdown(); // no metadata is written after this
        }
        if (snapshotWriters != null) {
            snapshotWriters.shutdownNow();
            snapshotPieces.shutdownNow(); // as the writers: an interrupted write ends at once, its writer with it
            // A write still running would recreate files of a checkpoint aborted above, under an id the
            // next run reuses: wait for it, then delete what it left.
            snapshotWriters.awaitTermination(30, TimeUnit.SECONDS);
            settings.storage().discardIncomplete();
        }
        Throwable failure = firstFailure.get();
        String unfinished = unfinishedTasks();
        JobStatus status;
        if (failure != null) {
            status = JobStatus.FAILED;
        } else if (cancelRequested && (stoppedByCancel || unfinished != null)) {
            status = JobStatus.CANCELED;
        } else if (unfinished != null) {
            // Never FINISHED because threads stopped: something ended a task without reporting it.
            status = JobStatus.FAILED;
            failure = new IllegalStateException("job '" + graph.jobName() + "' did not finish: task(s) " + unfinished
                    + " stopped before reaching the end of their input and committing their final output, and no "
                    + "failure was reported; the output is committed up to the last completed checkpoint: "
                    + "restore from it");
        } else {
            status = JobStatus.FINISHED;
        }
        result = new JobExecutionResult(graph.jobName(), status, duration, failure, operatorStats(), settings.attempt(),
                checkpointStats());
        return result;
    }

    /** The names of the tasks that did not reach their end, or null when all did. */
    private String unfinishedTasks() {
        List<String> names = new ArrayList<>();
        for (Task task : tasks) {
            if (!task.reachedEnd()) {
                names.add("'" + task.name() + "'");
            }
        }
        return names.isEmpty() ? null : String.join(", ", names);
    }

    private List<OperatorStats> operatorStats() {
        Map<Transformation, long[]> counts = new LinkedHashMap<>();
        Map<Transformation, Integer> parallelism = new HashMap<>();
        for (Transformation t : graph.transformations()) {
            counts.put(t, new long[5]);
        }
        for (Task task : tasks) {
            for (OperatorChain.Member member : task.chain().members()) {
                long[] c = counts.get(member.transformation());
                c[0] += member.metrics().recordsIn();
                c[1] += member.metrics().recordsOut();
                c[2] += member.errors().skipped();
                c[3] += member.errors().deadLettered();
                c[4] += member.operator().numLateRecordsDropped();
                parallelism.put(member.transformation(), member.info().parallelism());
            }
        }
        List<OperatorStats> stats = new ArrayList<>();
        counts.forEach((t, c) -> stats.add(new OperatorStats(t.name(), t.uid(), parallelism.getOrDefault(t, 0),
                c[0], c[1], c[2], c[3], c[4])));
        return stats;
    }
}
