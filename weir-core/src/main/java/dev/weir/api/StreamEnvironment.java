package dev.weir.api;

import dev.weir.api.connector.Source;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.checkpoint.CompletedCheckpoint;
import dev.weir.runtime.FaultInjector;
import dev.weir.runtime.JobExecution;
import dev.weir.state.KeyedStateBackendFactory;
import dev.weir.state.serialization.Serializers;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import dev.weir.api.functions.GeneratorFunction;
import dev.weir.connector.CollectionSource;
import dev.weir.connector.GeneratorSource;
import dev.weir.connector.TextFileSource;
import dev.weir.graph.JobGraph;
import dev.weir.graph.JobGraphBuilder;
import dev.weir.graph.Transformation;
import dev.weir.runtime.LocalJobRun;
import dev.weir.state.KeyGroups;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Where a job is defined and run: add sources, transform the streams, end them in sinks, then
 * {@link #execute()}. The job runs in this JVM, one thread per parallel subtask.
 *
 * <pre>{@code
 * StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
 * env.readTextFile("in.txt")
 *    .flatMap((String line, Collector<String> out) -> { for (String w : line.split(" ")) out.collect(w); })
 *    .keyBy(word -> word)
 *    .count()
 *    .print();
 * env.execute();
 * }</pre>
 *
 * <p>Not thread-safe: define the job from one thread. An environment can execute its job more
 * than once; each run starts from scratch.
 */
public final class StreamEnvironment {
    private final List<Transformation> transformations = new ArrayList<>();
    private int parallelism = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
    private int maxParallelism = KeyGroups.DEFAULT_MAX_PARALLELISM;
    private String jobName = "weir-job";
    private int batchSize = 1024;
    private int channelCapacity = 8;
    private long bufferTimeout = LocalJobRun.ChannelSettings.DEFAULT_BUFFER_TIMEOUT_MILLIS;
    private final CheckpointConfig checkpointConfig = new CheckpointConfig();
    private RestartStrategy restartStrategy = RestartStrategy.none();
    private String restoreFrom;
    private boolean allowNonRestoredState;
    private final Map<Class<?>, TypeSerializer<?>> serializers = new HashMap<>();
    private FaultInjector faultInjector = FaultInjector.NONE;
    private KeyedStateBackendFactory stateBackend = KeyedStateBackendFactory.heap();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamEnvironment.class);

    private StreamEnvironment() {
    }

    public static StreamEnvironment create() {
        return new StreamEnvironment();
    }

    /** Default parallelism of every operator that does not set its own (default: cores, at most 4). */
    public StreamEnvironment setParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("option parallelism must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
        return this;
    }

    public int getParallelism() {
        return parallelism;
    }

    /**
     * Number of key groups (default 128): the highest parallelism keyed state can later be
     * rescaled to. Fixed for the life of a job's state.
     */
    public StreamEnvironment setMaxParallelism(int maxParallelism) {
        if (maxParallelism < 1 || maxParallelism > KeyGroups.UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException("option maxParallelism must be between 1 and "
                    + KeyGroups.UPPER_BOUND_MAX_PARALLELISM + ", was " + maxParallelism);
        }
        this.maxParallelism = maxParallelism;
        return this;
    }

    public int getMaxParallelism() {
        return maxParallelism;
    }

    public StreamEnvironment setJobName(String jobName) {
        if (jobName == null || jobName.isBlank()) {
            throw new IllegalArgumentException("option jobName must not be blank");
        }
        this.jobName = jobName;
        return this;
    }

    public String getJobName() {
        return jobName;
    }

    /**
     * Records per batch handed between tasks (default 1024). Larger batches cost less per record;
     * smaller ones lower latency under steady load (a task always flushes when it goes idle, and a busy
     * one after {@link #setBufferTimeout the buffer timeout}).
     */
    public StreamEnvironment setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("option batchSize must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Batches a channel between two subtasks holds before the producer blocks (default 8). */
    public StreamEnvironment setChannelCapacity(int channelCapacity) {
        if (channelCapacity < 1) {
            throw new IllegalArgumentException("option channelCapacity must be at least 1, was " + channelCapacity);
        }
        this.channelCapacity = channelCapacity;
        return this;
    }

    /**
     * The longest a record waits in a partly filled batch before it is handed to the next task, in
     * milliseconds, as Flink's {@code setBufferTimeout}: a positive value flushes at least that often
     * even while the task is busy (default 100 ms, as in Flink); 0 hands over every record at once
     * (lowest latency, highest cost per record); -1 hands over only full batches and whatever is
     * buffered when the task goes idle (a busy task that emits rarely then holds its output until
     * {@link #setBatchSize a batch} fills). Operators can set their own with
     * {@link OperatorStream#setBufferTimeout}.
     */
    public StreamEnvironment setBufferTimeout(long timeoutMillis) {
        if (timeoutMillis < -1) {
            throw new IllegalArgumentException("option bufferTimeout must be -1 (none), 0 (every record at once) or "
                    + "a positive number of milliseconds, was " + timeoutMillis);
        }
        this.bufferTimeout = timeoutMillis;
        return this;
    }

    /** The buffer timeout in milliseconds (see {@link #setBufferTimeout}). */
    public long getBufferTimeout() {
        return bufferTimeout;
    }

    // ---- checkpoints, restarts, state ----

    /**
     * Takes a checkpoint every {@code interval}: a consistent snapshot of all state and source
     * positions, from which the job can be restored after a failure or in a new process. Also set
     * a directory with {@code getCheckpointConfig().setDirectory(..)}.
     */
    public StreamEnvironment enableCheckpointing(Duration interval) {
        checkpointConfig.setInterval(interval);
        return this;
    }

    public CheckpointConfig getCheckpointConfig() {
        return checkpointConfig;
    }

    /** What to do when a task fails (default: fail the job). */
    public StreamEnvironment setRestartStrategy(RestartStrategy restartStrategy) {
        this.restartStrategy = java.util.Objects.requireNonNull(restartStrategy, "restartStrategy");
        return this;
    }

    /**
     * Starts the job from a checkpoint: {@code "latest"} for the newest intact checkpoint in the
     * checkpoint directory (falling back to an older retained one if the newest is unreadable, and
     * starting fresh if there is none), or the path of a {@code chk-<n>} directory.
     */
    public StreamEnvironment restoreFrom(String checkpoint) {
        if (checkpoint == null || checkpoint.isBlank()) {
            throw new IllegalArgumentException("option restore must be 'latest' or a checkpoint path");
        }
        this.restoreFrom = checkpoint;
        return this;
    }

    /** Allows restoring a checkpoint that holds state of operators (uids) the job no longer has. */
    public StreamEnvironment setAllowNonRestoredState(boolean allow) {
        this.allowNonRestoredState = allow;
        return this;
    }

    /** Uses {@code serializer} for values of {@code type} in state and checkpoints. */
    public <T> StreamEnvironment registerSerializer(Class<T> type, TypeSerializer<T> serializer) {
        serializers.put(type, java.util.Objects.requireNonNull(serializer, "serializer"));
        return this;
    }

    /**
     * Where keyed state lives: {@code KeyedStateBackendFactory.heap()} (the default) or an embedded
     * store such as the RocksDB backend of module weir-rocksdb.
     */
    public StreamEnvironment setStateBackend(KeyedStateBackendFactory stateBackend) {
        this.stateBackend = java.util.Objects.requireNonNull(stateBackend, "stateBackend");
        return this;
    }

    /** Testing only: injects failures at named points of the checkpoint protocol. */
    public StreamEnvironment setFaultInjector(FaultInjector faultInjector) {
        this.faultInjector = java.util.Objects.requireNonNull(faultInjector, "faultInjector");
        return this;
    }

    // ---- sources ----

    /** A stream read from {@code source}; parallel unless the source limits it. */
    public <T> OperatorStream<T> fromSource(Source<T, ?> source, String name) {
        Transformation t = Transformation.source(transformations.size(), name, source);
        transformations.add(t);
        return new OperatorStream<>(this, t);
    }

    /** The numbers {@code from..to} (inclusive), split into contiguous ranges over the subtasks. */
    public OperatorStream<Long> fromSequence(long from, long to) {
        return fromSource(GeneratorSource.sequence(from, to), "Sequence");
    }

    /** {@code count} records made by {@code generator} from the indexes 0..count-1. */
    public <T> OperatorStream<T> fromGenerator(long count, GeneratorFunction<T> generator) {
        return fromSource(GeneratorSource.of(count, generator), "Generator");
    }

    /** The elements of a collection, in order, from a single subtask. */
    public <T> OperatorStream<T> fromCollection(Collection<T> elements) {
        return fromSource(new CollectionSource<>(elements), "Collection");
    }

    @SafeVarargs
    public final <T> OperatorStream<T> fromElements(T... elements) {
        return fromCollection(List.of(elements));
    }

    /**
     * The lines of a text file (UTF-8), or of every file in a directory (files spread over the
     * subtasks). A missing path fails the job before it starts.
     */
    public OperatorStream<String> readTextFile(String path) {
        return fromSource(new TextFileSource(Path.of(path)), "TextFile(" + path + ")");
    }

    // ---- running ----

    /** Runs the job to its end in this JVM and returns how it ended; never throws for a failed job. */
    public JobResult execute() {
        try {
            return executeAsync().awaitResult();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for job '" + jobName + "'", e);
        }
    }

    /**
     * Starts the job and returns at once. Mistakes in the job (no sink, bad parallelism, duplicate
     * uid, missing input file) throw here, before any task starts.
     */
    public JobClient executeAsync() {
        JobGraph graph = JobGraphBuilder.build(jobName, transformations, parallelism, maxParallelism);
        CheckpointStorage storage = null;
        if (checkpointConfig.isEnabled()) {
            if (checkpointConfig.getDirectory() == null) {
                throw new IllegalArgumentException("checkpointing is enabled but option checkpoint directory is not "
                        + "set: call getCheckpointConfig().setDirectory(..)");
            }
            storage = new CheckpointStorage(checkpointConfig.getDirectory(), jobName);
        } else if (checkpointConfig.getDirectory() != null) {
            storage = new CheckpointStorage(checkpointConfig.getDirectory(), jobName);
        }
        CompletedCheckpoint restore = findCheckpointToRestore(storage);
        if (storage != null && checkpointConfig.isEnabled()) {
            storage.discardIncomplete(); // leftovers of a crashed process: never referenced by a checkpoint
            storage.deleteUnreferencedSharedFiles(java.util.Set.of()); // and its incremental uploads
        }
        LocalJobRun.RunSettings settings = new LocalJobRun.RunSettings(
                new LocalJobRun.ChannelSettings(batchSize, channelCapacity, bufferTimeout),
                checkpointConfig.isEnabled() ? checkpointConfig : null, storage, restore, allowNonRestoredState,
                new Serializers(serializers), faultInjector, 0, stateBackend);
        return new JobExecution(graph, settings, restartStrategy).start();
    }

    private CompletedCheckpoint findCheckpointToRestore(CheckpointStorage storage) {
        if (restoreFrom == null) {
            return null;
        }
        if (restoreFrom.equals("latest")) {
            if (storage == null) {
                throw new IllegalArgumentException("restore 'latest' needs option checkpoint directory");
            }
            CompletedCheckpoint latest = storage.latestIntact(message -> LOG.warn(message));
            LOG.info(latest == null
                    ? "no completed checkpoint in " + storage.jobDirectory() + ": job '" + jobName + "' starts fresh"
                    : "job '" + jobName + "' restores checkpoint " + latest.checkpointId() + " from "
                    + latest.checkpointDirectory());
            return latest;
        }
        try {
            return CheckpointStorage.loadVerified(CheckpointConfig.parseDirectory(restoreFrom));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot restore from checkpoint " + restoreFrom + ": " + e.getMessage(), e);
        }
    }

    /** The physical plan the job would run with (for tests and tools). */
    public JobGraph buildJobGraph() {
        return JobGraphBuilder.build(jobName, transformations, parallelism, maxParallelism);
    }

    <T> OperatorStream<T> addOperator(Transformation.Kind kind, String name, List<Transformation.Input> inputs,
                                      dev.weir.graph.OperatorFactory factory) {
        Transformation t = Transformation.operator(transformations.size(), kind, name, inputs, factory);
        transformations.add(t);
        return new OperatorStream<>(this, t);
    }
}
