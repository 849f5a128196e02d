package dev.weir.api;

import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.ReadableConfig;
import dev.weir.api.connector.Source;
import dev.weir.api.dag.Operation;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.dag.Transformation;
import dev.weir.api.typeinfo.Types;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.spi.JobExecutor;
import dev.weir.api.spi.JobSpec;
import dev.weir.api.state.StateBackend;
import dev.weir.api.testing.FaultInjector;
import dev.weir.connector.CollectionSource;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.connector.datagen.GeneratorFunction;
import dev.weir.connector.file.FileSource;
import dev.weir.connector.file.TextLineInputFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a job is defined and run: add sources, transform the streams, end them in sinks, then
 * {@link #execute()}. The job runs in this JVM, one thread per parallel subtask.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
 * env.setParallelism(2);
 * env.readTextFile("in.txt")
 *    .flatMap((String line, Collector<String> out) -> { for (String w : line.split(" ")) out.collect(w); })
 *    .keyBy(word -> word)
 *    .count()
 *    .print();
 * env.execute();
 * }</pre>
 *
 * <p>Not thread-safe: define the job from one thread. As in Flink, {@link #execute()} consumes the
 * job defined so far: afterwards the environment is empty (its settings stay) and a new job can be
 * defined on it and executed; executing again without defining a new job is an error.
 *
 * <p>The job's name (default: the simple name of the class that called {@link #create()}) names its
 * folder in the checkpoint directory: two different jobs must not share a name there.
 */
public final class StreamExecutionEnvironment {
    private final List<Transformation> transformations = new ArrayList<>();
    private int parallelism = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
    private int maxParallelism = JobSpec.DEFAULT_MAX_PARALLELISM;
    private String jobName;
    private int batchSize = 1024;
    private int channelCapacity = 8;
    private long bufferTimeout = JobSpec.DEFAULT_BUFFER_TIMEOUT_MILLIS;
    private final ExecutionConfig executionConfig = new ExecutionConfig();
    private boolean fireProcessingTimersAtEndOfInput;
    private final CheckpointConfig checkpointConfig = new CheckpointConfig();
    private RestartStrategy restartStrategy = RestartStrategy.none();
    private String restoreFrom;
    private boolean allowNonRestoredState;
    private boolean startFresh;
    private boolean explicitUidsRequired;
    private boolean executedBefore;
    private boolean chainingDisabled;
    private final Map<Class<?>, TypeSerializer<?>> serializers = new HashMap<>();
    private FaultInjector faultInjector = FaultInjector.NONE;
    private StateBackend stateBackend; // null: the executor's default (the heap)
    private final Configuration configuration = new Configuration(); // every option given to configure(..)
    private ErrorPolicy errorPolicy = ErrorPolicy.fail();
    private Transformation deadLetters; // the merged dead-letter stream, once asked for
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamExecutionEnvironment.class);

    private StreamExecutionEnvironment(String jobName) {
        this.jobName = jobName;
    }

    /**
     * A new environment for a job that runs in this JVM, named after the calling class (see
     * {@link #setJobName}). Weir has one runtime, the local one, so this is the same as
     * {@link #createLocalEnvironment()}; each call returns a new environment.
     */
    public static StreamExecutionEnvironment getExecutionEnvironment() {
        return new StreamExecutionEnvironment(defaultJobName(callerOfEnvironmentFactory()));
    }

    /** As {@link #getExecutionEnvironment()}. */
    public static StreamExecutionEnvironment createLocalEnvironment() {
        return new StreamExecutionEnvironment(defaultJobName(callerOfEnvironmentFactory()));
    }

    /** As {@link #getExecutionEnvironment()}, with a default parallelism of {@code parallelism}. */
    public static StreamExecutionEnvironment createLocalEnvironment(int parallelism) {
        return new StreamExecutionEnvironment(defaultJobName(callerOfEnvironmentFactory())).setParallelism(parallelism);
    }

    /**
     * As {@link #getExecutionEnvironment()}, configured by {@code configuration} (see {@link #configure}):
     * the way a Flink 2 job sets its restart strategy, checkpoints and state backend.
     *
     * @throws IllegalArgumentException for a known option with a value Weir refuses, naming the option
     */
    public static StreamExecutionEnvironment getExecutionEnvironment(Configuration configuration) {
        return configured(configuration);
    }

    /** As {@link #getExecutionEnvironment(Configuration)}. */
    public static StreamExecutionEnvironment createLocalEnvironment(Configuration configuration) {
        return configured(configuration);
    }

    /**
     * As {@link #getExecutionEnvironment(Configuration)}, with a default parallelism of
     * {@code parallelism} (it wins over the configuration's).
     */
    public static StreamExecutionEnvironment createLocalEnvironment(int parallelism, Configuration configuration) {
        return configured(configuration).setParallelism(parallelism);
    }

    private static StreamExecutionEnvironment configured(Configuration configuration) {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(defaultJobName(callerOfEnvironmentFactory()));
        env.configure(configuration);
        return env;
    }

    /** The first class on the stack that is not this one: the class that defines the job. */
    private static Class<?> callerOfEnvironmentFactory() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(c -> c != StreamExecutionEnvironment.class).findFirst())
                .orElse(StreamExecutionEnvironment.class);
    }

    /** The name of the job a class defines: its name without the package, '$' of nested classes as '-'. */
    static String defaultJobName(Class<?> definingClass) {
        String name = definingClass.getName();
        name = name.substring(name.lastIndexOf('.') + 1).replace('$', '-');
        return name.isEmpty() ? "job" : name;
    }

    /** Default parallelism of every operator that does not set its own (default: cores, at most 4). */
    public StreamExecutionEnvironment setParallelism(int parallelism) {
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
    public StreamExecutionEnvironment setMaxParallelism(int maxParallelism) {
        if (maxParallelism < 1 || maxParallelism > JobSpec.UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException("option maxParallelism must be between 1 and "
                    + JobSpec.UPPER_BOUND_MAX_PARALLELISM + ", was " + maxParallelism);
        }
        this.maxParallelism = maxParallelism;
        return this;
    }

    public int getMaxParallelism() {
        return maxParallelism;
    }

    /**
     * Names the job (default: the simple name of the class that created the environment). The name
     * is the job's folder in the checkpoint directory and is recorded in every checkpoint; a restore
     * refuses a checkpoint of another job. Letters, digits, '.', '_' and '-'.
     */
    public StreamExecutionEnvironment setJobName(String jobName) {
        if (jobName == null || !jobName.matches("[A-Za-z0-9._-]+") || jobName.matches("\\.+")) {
            throw new IllegalArgumentException("option jobName must be letters, digits, '.', '_' or '-' (it names "
                    + "the job's folder in the checkpoint directory), was '" + jobName + "'");
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
    public StreamExecutionEnvironment setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("option batchSize must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Batches a channel between two subtasks holds before the producer blocks (default 8). */
    public StreamExecutionEnvironment setChannelCapacity(int channelCapacity) {
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
     * {@link SingleOutputStreamOperator#setBufferTimeout}.
     */
    public StreamExecutionEnvironment setBufferTimeout(long timeoutMillis) {
        if (timeoutMillis < -1) {
            throw new IllegalArgumentException("option bufferTimeout must be -1 (none), 0 (every record at once) or "
                    + "a positive number of milliseconds, was " + timeoutMillis);
        }
        this.bufferTimeout = timeoutMillis;
        return this;
    }

    /**
     * Runs every operator in a task of its own (Flink's {@code disableOperatorChaining}): each
     * hand-over between operators then goes through a channel. For debugging and measurement.
     */
    public StreamExecutionEnvironment disableOperatorChaining() {
        this.chainingDisabled = true;
        return this;
    }

    public boolean isChainingEnabled() {
        return !chainingDisabled;
    }

    /**
     * Weir runs every job as Flink's {@code STREAMING} mode does: results are emitted as records
     * arrive, also for bounded inputs. {@code BATCH} (and {@code AUTOMATIC}, which picks BATCH for
     * bounded inputs) would change a job's output — a rolling aggregate emits only its final value
     * per key there — so they are refused rather than silently run another way.
     */
    public StreamExecutionEnvironment setRuntimeMode(RuntimeExecutionMode executionMode) {
        if (java.util.Objects.requireNonNull(executionMode, "executionMode") != RuntimeExecutionMode.STREAMING) {
            throw new IllegalArgumentException("option execution.runtime-mode " + executionMode + " is not supported: "
                    + "Weir runs every job in STREAMING mode (results emitted incrementally, also for bounded input); "
                    + "use RuntimeExecutionMode.STREAMING or remove the setRuntimeMode call");
        }
        return this;
    }

    /** The buffer timeout in milliseconds (see {@link #setBufferTimeout}). */
    public long getBufferTimeout() {
        return bufferTimeout;
    }

    // ---- checkpoints, restarts, state ----

    /**
     * Takes a checkpoint every {@code intervalMillis} milliseconds: a consistent snapshot of all state
     * and source positions, from which the job can be restored after a failure or in a new process.
     * Exactly-once unless {@link CheckpointConfig#setCheckpointingConsistencyMode} says otherwise. Also
     * set a directory with {@code getCheckpointConfig().setDirectory(..)}.
     */
    public StreamExecutionEnvironment enableCheckpointing(long intervalMillis) {
        checkpointConfig.setCheckpointInterval(intervalMillis);
        return this;
    }

    /** As {@link #enableCheckpointing(long)}, with the given consistency mode. */
    public StreamExecutionEnvironment enableCheckpointing(long intervalMillis, CheckpointingMode mode) {
        checkpointConfig.setCheckpointInterval(intervalMillis);
        checkpointConfig.setCheckpointingConsistencyMode(mode);
        return this;
    }

    /** Milliseconds between checkpoints; -1 when checkpointing is disabled. */
    public long getCheckpointInterval() {
        return checkpointConfig.getCheckpointInterval();
    }

    public ExecutionConfig getConfig() {
        return executionConfig;
    }

    /**
     * What happens to processing-time timers still pending when the input of a task ends: {@code true}
     * fires them then, in timestamp order (output a job would otherwise lose, e.g. a last session
     * closed by a processing-time timeout); {@code false} (the default, as in Flink) drops them.
     * Event-time timers always fire at the end of a bounded input (its final watermark is
     * {@code Long.MAX_VALUE}). Option {@code execution.end-of-input.fire-processing-timers}.
     */
    public StreamExecutionEnvironment setFireProcessingTimersAtEndOfInput(boolean fire) {
        this.fireProcessingTimersAtEndOfInput = fire;
        return this;
    }

    public boolean getFireProcessingTimersAtEndOfInput() {
        return fireProcessingTimersAtEndOfInput;
    }

    public CheckpointConfig getCheckpointConfig() {
        return checkpointConfig;
    }

    /** What to do when a task fails (default: fail the job). */
    public StreamExecutionEnvironment setRestartStrategy(RestartStrategy restartStrategy) {
        this.restartStrategy = java.util.Objects.requireNonNull(restartStrategy, "restartStrategy");
        return this;
    }

    /**
     * Starts the job from a checkpoint: {@code "latest"} for this job's newest completed checkpoint
     * in the checkpoint directory, or the path of a {@code chk-<n>} directory.
     *
     * <p>{@code "latest"} fails when the directory holds no trace of this job (a mistyped directory
     * or job name), naming the jobs it does hold. A job that ran but was stopped before its first
     * checkpoint left a trace: it starts fresh. The newest completed checkpoint is never skipped
     * because it cannot be read: the restore fails and says how to restore an older one on purpose.
     */
    public StreamExecutionEnvironment restoreFrom(String checkpoint) {
        if (checkpoint == null || checkpoint.isBlank()) {
            throw new IllegalArgumentException("option restore must be 'latest' or a checkpoint path");
        }
        this.restoreFrom = checkpoint;
        return this;
    }

    /**
     * Allows restoring a checkpoint that holds state of operators (uids) the job no longer has: that
     * state is dropped, and each dropped uid and state is logged. A checkpoint that shares no stateful
     * operator with the job is another job's and is refused even so.
     */
    public StreamExecutionEnvironment setAllowNonRestoredState(boolean allow) {
        this.allowNonRestoredState = allow;
        return this;
    }

    /**
     * Starts the job from scratch although its checkpoint directory holds checkpoints of an earlier
     * run of it. Without this, such a start is refused: it would write all output a second time.
     * The earlier checkpoints stay until retention removes them; checkpoint ids keep growing.
     */
    public StreamExecutionEnvironment setStartFresh(boolean startFresh) {
        this.startFresh = startFresh;
        return this;
    }

    /**
     * Makes a stateful operator (source, keyed operator, stateful function or sink) without an
     * explicit {@code uid(..)} an error when the job is built, instead of a warning. A generated uid
     * is stable across unrelated changes, but not across changes of the operator's inputs.
     */
    public StreamExecutionEnvironment requireExplicitUids() {
        this.explicitUidsRequired = true;
        return this;
    }

    /** Uses {@code serializer} for values of {@code type} in state and checkpoints. */
    public <T> StreamExecutionEnvironment registerSerializer(Class<T> type, TypeSerializer<T> serializer) {
        serializers.put(type, java.util.Objects.requireNonNull(serializer, "serializer"));
        return this;
    }

    /**
     * Where keyed state lives: on the heap (the default) or in an embedded store such as
     * {@code RocksDBStateBackend} of module weir-rocksdb.
     */
    public StreamExecutionEnvironment setStateBackend(StateBackend stateBackend) {
        this.stateBackend = java.util.Objects.requireNonNull(stateBackend, "stateBackend");
        return this;
    }

    // ---- configuration ----

    /**
     * Applies the options of {@code configuration} through this environment's setters, as Flink 2 does:
     * {@code CoreOptions}, {@code PipelineOptions}, {@code ExecutionOptions}, {@code CheckpointingOptions},
     * {@code RestartStrategyOptions}, {@code StateBackendOptions} and {@code StateRecoveryOptions} of
     * {@code dev.weir.api.configuration}.
     * Options it does not set keep their current value. A key Weir does not know is ignored and named
     * in one WARN log line; a known key with a value Weir refuses throws {@link IllegalArgumentException}
     * naming the key, the value and what is accepted. Backends named by {@code state.backend.type}
     * are found through the context class loader.
     */
    public void configure(ReadableConfig configuration) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        configure(configuration, loader != null ? loader : StreamExecutionEnvironment.class.getClassLoader());
    }

    /** As {@link #configure(ReadableConfig)}, finding state backends through {@code classLoader}. */
    public void configure(ReadableConfig configuration, ClassLoader classLoader) {
        EnvironmentOptions.apply(java.util.Objects.requireNonNull(configuration, "configuration"), this,
                java.util.Objects.requireNonNull(classLoader, "classLoader"));
        configuration.toMap().forEach(this.configuration::setString);
    }

    /**
     * This environment's settings as options (a snapshot: changing the environment later does not
     * change it): job name, parallelism, max parallelism, buffer timeout, checkpoint settings,
     * restart strategy, state backend and restore settings, under the keys {@link #configure} reads.
     */
    public ReadableConfig getConfiguration() {
        return EnvironmentOptions.effective(this);
    }

    RestartStrategy restartStrategy() {
        return restartStrategy;
    }

    StateBackend stateBackend() {
        return stateBackend;
    }

    JobSpec.RestoreSettings restoreSettings() {
        return new JobSpec.RestoreSettings(restoreFrom, allowNonRestoredState, startFresh);
    }

    /** Testing only: injects failures at named points of the checkpoint protocol. */
    public StreamExecutionEnvironment setFaultInjector(FaultInjector faultInjector) {
        this.faultInjector = java.util.Objects.requireNonNull(faultInjector, "faultInjector");
        return this;
    }

    // ---- errors ----

    /**
     * The error policy of every source and operator that does not set its own (default: fail). Sinks
     * always fail on an error. See {@link ErrorPolicy}.
     */
    public StreamExecutionEnvironment setErrorPolicy(ErrorPolicy errorPolicy) {
        this.errorPolicy = java.util.Objects.requireNonNull(errorPolicy, "errorPolicy");
        return this;
    }

    public ErrorPolicy getErrorPolicy() {
        return errorPolicy;
    }

    /**
     * One stream of the dead letters of every source and operator of the job whose error policy is
     * dead-letter — its own or the job's default. Which operators those are is decided when the job
     * starts, so operators defined after this call are included. Sink it like any other stream
     * (through an exactly-once sink, the dead letters of committed output are committed with it).
     */
    public DataStream<DeadLetter> getDeadLetterStream() {
        if (deadLetters == null) {
            deadLetters = Transformation.operator(transformations.size(), Transformation.Kind.OPERATOR, "DeadLetters",
                    List.of(), new Operation.PassThrough());
            deadLetters.setErrorPolicy(ErrorPolicy.fail()); // merging cannot fail; never its own dead letter
            transformations.add(deadLetters);
        }
        return new DataStream<>(this, List.of(new Transformation.Input(deadLetters,
                new dev.weir.api.dag.Partitioning.Default())));
    }

    <X> DataStream<X> sideOutput(Transformation producer, OutputTag<X> tag) {
        Transformation side = producer.sideOutputs().computeIfAbsent(tag, t -> {
            Transformation created = Transformation.sideOutput(transformations.size(), producer, tag);
            transformations.add(created);
            return created;
        });
        return new DataStream<>(this, List.of(new Transformation.Input(side, new dev.weir.api.dag.Partitioning.Default())));
    }

    /**
     * Fixes each operator's error policy and wires the dead letters: the merged dead-letter stream
     * reads the dead-letter side output of every operator whose policy is dead-letter; an operator
     * whose dead letters nothing reads makes the job fail here, before it starts.
     */
    private void resolveErrorPolicies() {
        List<Transformation> withDeadLetters = new ArrayList<>();
        for (Transformation t : List.copyOf(transformations)) {
            t.resolveErrorPolicy(errorPolicy);
            if (t.effectiveErrorPolicy().kind() == ErrorPolicy.Kind.DEAD_LETTER) {
                withDeadLetters.add(t);
            }
        }
        if (deadLetters != null) {
            if (withDeadLetters.isEmpty()) {
                throw new IllegalArgumentException("getDeadLetterStream() was called, but no source or operator has "
                        + "error policy dead-letter: set it with setErrorPolicy(ErrorPolicy.deadLetter()) on the "
                        + "environment or on operators");
            }
            List<Transformation.Input> merged = new ArrayList<>();
            for (Transformation t : withDeadLetters) {
                sideOutput(t, DeadLetter.TAG);
                merged.add(new Transformation.Input(t.sideOutputs().get(DeadLetter.TAG),
                        new dev.weir.api.dag.Partitioning.Default()));
            }
            deadLetters.replaceInputs(merged);
        }
        java.util.Set<Transformation> read = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Transformation t : transformations) {
            t.inputs().forEach(input -> read.add(input.from()));
        }
        for (Transformation t : withDeadLetters) {
            if (!read.contains(t.sideOutputs().get(DeadLetter.TAG))) {
                throw new IllegalArgumentException("operator " + t + " has error policy dead-letter, but nothing "
                        + "reads its dead letters: sink getSideOutput(DeadLetter.TAG) of it, or "
                        + "getDeadLetterStream() of the environment");
            }
        }
    }

    // ---- sources ----

    /**
     * A stream read from {@code source}, named {@code sourceName}; parallel unless the source limits
     * it. {@code watermarkStrategy} says how the source's records get event timestamps and watermarks
     * ({@link WatermarkStrategy#noWatermarks()} for a job without event time).
     */
    public <T> DataStreamSource<T> fromSource(Source<T, ?> source, WatermarkStrategy<T> watermarkStrategy,
                                              String sourceName) {
        java.util.Objects.requireNonNull(source, "source");
        java.util.Objects.requireNonNull(watermarkStrategy, "watermarkStrategy");
        Transformation t = Transformation.source(transformations.size(), sourceName, source, watermarkStrategy);
        transformations.add(t);
        return new DataStreamSource<>(this, t);
    }

    /** As {@link #fromSource(Source, WatermarkStrategy, String)}, with the records' type given. */
    public <T> DataStreamSource<T> fromSource(Source<T, ?> source, WatermarkStrategy<T> watermarkStrategy,
                                              String sourceName, TypeInformation<T> typeInfo) {
        return typed(fromSource(source, watermarkStrategy, sourceName), java.util.Objects.requireNonNull(typeInfo));
    }

    /**
     * The numbers {@code from..to} (inclusive), split into contiguous ranges over the subtasks: a
     * {@link DataGeneratorSource} of {@code to - from + 1} records.
     */
    public DataStreamSource<Long> fromSequence(long from, long to) {
        if (to < from) {
            throw new IllegalArgumentException("fromSequence: end " + to + " is before start " + from);
        }
        if (to - from + 1 <= 0) {
            throw new IllegalArgumentException("fromSequence: " + from + ".." + to + " has more than Long.MAX_VALUE "
                    + "numbers");
        }
        return typed(fromSource(new DataGeneratorSource<>(index -> from + index, to - from + 1, Types.LONG),
                WatermarkStrategy.noWatermarks(), "Sequence"), Types.LONG);
    }

    /**
     * Weir: {@code count} records made by {@code generator} from the indexes 0..count-1, the same as
     * {@code fromSource(new DataGeneratorSource<>(generator, count, type), WatermarkStrategy.noWatermarks(),
     * "Generator")}.
     */
    public <T> DataStreamSource<T> fromGenerator(long count, GeneratorFunction<Long, T> generator) {
        return fromSource(new DataGeneratorSource<>(generator, count), WatermarkStrategy.noWatermarks(), "Generator");
    }

    /** The elements of a collection, in order, from a single subtask. */
    public <T> DataStreamSource<T> fromCollection(Collection<T> elements) {
        DataStreamSource<T> stream = fromSource(new CollectionSource<>(elements), WatermarkStrategy.noWatermarks(),
                "Collection");
        // As Flink: the type of the first element (only where it is not null).
        Object first = elements.isEmpty() ? null : elements.iterator().next();
        return first == null ? stream : typed(stream, TypeInformation.of(first.getClass()));
    }

    /** The elements, in order, from a single subtask. */
    @SafeVarargs
    public final <T> DataStreamSource<T> fromData(T... data) {
        return fromCollection(List.of(data));
    }

    /** The elements of a collection, in order, from a single subtask. */
    public <T> DataStreamSource<T> fromData(Collection<T> data) {
        return fromCollection(data);
    }

    /** The elements of a collection, of the given type, in order, from a single subtask. */
    public <T> DataStreamSource<T> fromData(Collection<T> data, TypeInformation<T> typeInfo) {
        return typed(fromSource(new CollectionSource<>(data), WatermarkStrategy.noWatermarks(), "Collection"),
                java.util.Objects.requireNonNull(typeInfo, "typeInfo"));
    }

    /** The elements, of the given type, in order, from a single subtask. */
    @SafeVarargs
    public final <T> DataStreamSource<T> fromData(TypeInformation<T> typeInfo, T... data) {
        return fromData(List.of(data), typeInfo);
    }

    /** The elements, of the given class (elements may be subclasses of it), in order, from a single subtask. */
    @SafeVarargs
    public final <T> DataStreamSource<T> fromData(Class<T> type, T... data) {
        return fromData(List.of(data), TypeInformation.of(type));
    }

    @SafeVarargs
    public final <T> DataStreamSource<T> fromElements(T... elements) {
        return fromCollection(List.of(elements));
    }

    /**
     * Weir (Flink 2 removed it): the lines of a text file (UTF-8), or of every file under a directory
     * (files spread over the subtasks); the same as {@code fromSource(FileSource.forRecordStreamFormat(
     * new TextLineInputFormat(), new Path(path)).build(), WatermarkStrategy.noWatermarks(), "TextFile(path)")}.
     * A missing path fails the job before it starts.
     */
    public DataStreamSource<String> readTextFile(String path) {
        return readTextFile(new dev.weir.api.fs.Path(path), path);
    }

    /** As {@link #readTextFile(String)}. */
    public DataStreamSource<String> readTextFile(Path path) {
        return readTextFile(new dev.weir.api.fs.Path(path.toUri()), path.toString());
    }

    private DataStreamSource<String> readTextFile(dev.weir.api.fs.Path path, String shown) {
        return typed(fromSource(FileSource.forRecordStreamFormat(new TextLineInputFormat(), path).build(),
                WatermarkStrategy.noWatermarks(), "TextFile(" + shown + ")"), Types.STRING);
    }

    private static <T> DataStreamSource<T> typed(DataStreamSource<T> source, TypeInformation<?> type) {
        source.transformation.setOutputType(type);
        return source;
    }

    // ---- running ----

    /**
     * Runs the job to its end in this JVM and returns its result once it finished. Throws
     * {@link JobExecutionException} when the job failed or was cancelled (the cause is the failure,
     * naming operator, subtask and record where known; {@link JobExecutionException#getJobResult()}
     * has the figures), and, without running anything, for a job that cannot start (see
     * {@link #executeAsync()}).
     */
    public JobExecutionResult execute() {
        JobExecutionResult result;
        try {
            result = executeAsync().awaitResult();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for job '" + jobName + "'", e);
        }
        return result.orThrow();
    }

    /** Names the job {@code jobName} (see {@link #setJobName}) and runs it as {@link #execute()}. */
    public JobExecutionResult execute(String jobName) {
        setJobName(jobName);
        return execute();
    }

    /**
     * Starts the job and returns at once. Mistakes in the job (no sink, bad parallelism, duplicate
     * uid, missing input file, a checkpoint that cannot be restored, a checkpoint directory in use
     * by another process) throw here, before any task starts. The job defined so far is consumed.
     */
    /** Names the job {@code jobName} (see {@link #setJobName}) and starts it as {@link #executeAsync()}. */
    public JobClient executeAsync(String jobName) {
        setJobName(jobName);
        return executeAsync();
    }

    public JobClient executeAsync() {
        if (transformations.isEmpty() && executedBefore) {
            throw new IllegalStateException("job '" + jobName + "' was already executed and execute() consumes "
                    + "the job: define its sources and sinks again before executing once more");
        }
        JobSpec job = getJobSpec();
        JobClient client = dev.weir.api.spi.PlanCapture.isCapturing() ? dev.weir.api.spi.PlanCapture.captured(job)
                : JobExecutor.load(configuration.get(dev.weir.api.configuration.DeploymentOptions.TARGET))
                        .executeAsync(job);
        transformations.clear();
        executedBefore = true;
        return client;
    }

    /**
     * The job as defined so far, as it is handed to the engine that runs it (for engines, runners
     * and tools; a job is built and run with {@link #execute()}).
     */
    public JobSpec getJobSpec() {
        resolveErrorPolicies();
        if (chainingDisabled) {
            transformations.stream().filter(t -> t.kind() != Transformation.Kind.SIDE_OUTPUT)
                    .forEach(t -> t.setChaining(Transformation.Chaining.NEVER));
        }
        return new JobSpec(jobName, transformations,
                new JobSpec.ExecutionSettings(parallelism, maxParallelism, batchSize, channelCapacity, bufferTimeout,
                        explicitUidsRequired, executionConfig.getAutoWatermarkInterval(),
                        fireProcessingTimersAtEndOfInput),
                checkpointConfig, restartStrategy,
                new JobSpec.RestoreSettings(restoreFrom, allowNonRestoredState, startFresh),
                serializers, stateBackend, faultInjector, new Configuration(configuration));
    }

    <T> SingleOutputStreamOperator<T> addOperator(Transformation.Kind kind, String name, List<Transformation.Input> inputs,
                                      Operation operation) {
        Transformation t = Transformation.operator(transformations.size(), kind, name, inputs, operation);
        transformations.add(t);
        return new SingleOutputStreamOperator<>(this, t);
    }
}
