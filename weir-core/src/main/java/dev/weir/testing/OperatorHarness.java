package dev.weir.testing;

import dev.weir.api.Collector;
import dev.weir.api.DeadLetter;
import dev.weir.api.ErrorPolicy;
import dev.weir.api.OutputTag;
import dev.weir.api.connector.Sink;
import dev.weir.api.functions.CoFlatMapFunction;
import dev.weir.api.functions.CoMapFunction;
import dev.weir.api.functions.CoProcessFunction;
import dev.weir.api.functions.FilterFunction;
import dev.weir.api.functions.KeyedCoProcessFunction;
import dev.weir.api.functions.FlatMapFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.ProcessFunction;
import dev.weir.checkpoint.CheckpointMetadata;
import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.checkpoint.OperatorStateHandles;
import dev.weir.checkpoint.SubtaskStateHandle;
import dev.weir.checkpoint.TaskAcknowledgement;
import dev.weir.runtime.CheckpointTiming;
import dev.weir.api.testing.FaultInjector;
import dev.weir.runtime.ManualProcessingTimeService;
import dev.weir.runtime.RecordErrors;
import dev.weir.runtime.RecordTimestamp;
import dev.weir.runtime.WatermarkValve;
import dev.weir.runtime.operators.Output;
import dev.weir.runtime.SnapshotWriter;
import dev.weir.runtime.SourcePosition;
import dev.weir.api.spi.SubtaskInfo;
import dev.weir.runtime.operators.CoFlatMapOperator;
import dev.weir.runtime.operators.CoMapOperator;
import dev.weir.runtime.operators.CoProcessOperator;
import dev.weir.runtime.operators.FilterOperator;
import dev.weir.runtime.operators.KeyedCoProcessOperator;
import dev.weir.runtime.operators.TwoInputStreamOperator;
import dev.weir.runtime.operators.FlatMapOperator;
import dev.weir.runtime.operators.KeyedOperator;
import dev.weir.runtime.operators.KeyedProcessOperator;
import dev.weir.runtime.operators.MapOperator;
import dev.weir.runtime.operators.OperatorContext;
import dev.weir.runtime.operators.Operators;
import dev.weir.runtime.operators.OperatorRestore;
import dev.weir.runtime.operators.OperatorSnapshot;
import dev.weir.runtime.operators.ProcessOperator;
import dev.weir.runtime.operators.SideOutputs;
import dev.weir.runtime.operators.SinkOperator;
import dev.weir.runtime.operators.StreamOperator;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.KeyedStateBackendFactory;
import dev.weir.state.serialization.Serializers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives one operator on the calling thread, without starting a job: feed records, move a manual
 * processing-time clock (timers fire inside {@link #setProcessingTime}), read what it emitted (and
 * what it emitted to side outputs, {@link #getSideOutput}).
 * It runs the same operator classes as a job does, so what passes here behaves the same there.
 *
 * <pre>{@code
 * try (var harness = OperatorHarness.forKeyedProcess(new MyFunction(), Event::user)) {
 *     harness.processElement(new Event("a", 1));
 *     harness.setProcessingTime(60_000);   // fires timers due by then
 *     assertEquals(List.of(...), harness.takeOutput());
 * }
 * }</pre>
 *
 * <p><b>Event time.</b> {@link #processElement(Object, long)} feeds a record with a timestamp;
 * {@link #processWatermark(long)} a watermark (due event-time timers fire first, as in a job);
 * {@link Builder#inputChannels} simulates several input channels, whose watermarks and idle
 * statuses ({@link #processWatermark(int, long)}, {@link #processWatermarkStatus}) are combined as
 * a task combines them. {@link #outputTimestamps()}, {@link #watermarks()} and
 * {@link #watermarkStatuses()} show what the operator emitted. End a bounded input with
 * {@code processWatermark(Long.MAX_VALUE)} then {@link #endInput()}.
 *
 * <p><b>Two inputs.</b> {@link #forCoMap}, {@link #forCoFlatMap}, {@link #forCoProcess} and
 * {@link #forKeyedCoProcess} (and {@link Builder#buildTwoInput}) return a {@link TwoInput}, which feeds
 * records and watermarks per input ({@code processElement1/2}, {@code processWatermark1/2}) and
 * otherwise works as this class does.
 *
 * <p>By default the operator runs as subtask 0 of 1 with 128 key groups; {@link Builder} changes
 * that. Exceptions from the function are thrown to the caller unchanged (not wrapped).
 *
 * <p><b>Snapshots.</b> {@link #snapshot} takes a checkpoint of the operator between any two records
 * (written in the real checkpoint format); {@link Builder#restoreFrom} starts a fresh operator
 * from it, at the same or another parallelism ({@link HarnessSnapshot#combine} for rescaling).
 */
public final class OperatorHarness<IN, OUT> implements AutoCloseable {
    private final StreamOperator<IN> operator;
    private final ManualProcessingTimeService clock;
    private final List<OUT> output = new ArrayList<>();
    private final List<Long> outputTimestamps = new ArrayList<>();
    private final List<Long> watermarks = new ArrayList<>();
    private final List<Boolean> watermarkStatuses = new ArrayList<>();
    private final RecordTimestamp timestamp = new RecordTimestamp();
    /** One valve per input: a two-input operator's two feed a third, as in a task. */
    private final WatermarkValve[] valves;
    private long inputWatermark = Long.MIN_VALUE;
    private final boolean fireProcessingTimersAtEnd;
    private final long autoWatermarkInterval;
    private final Map<OutputTag<?>, List<Object>> sideOutputs = new LinkedHashMap<>();
    private final SubtaskInfo info;
    private final OperatorRestore restore;
    private final KeyedStateBackendFactory stateBackend;
    private final ErrorPolicy errorPolicy;
    private RecordErrors errors;
    /** Job directories of earlier snapshots (this harness's and the restored one's): shared files come from there. */
    private final List<Path> earlierSnapshots = new ArrayList<>();
    private boolean open;
    private boolean closed;

    private OperatorHarness(StreamOperator<IN> operator, Builder builder) {
        this.operator = operator;
        this.restore = builder.restore == null ? OperatorRestore.NONE : builder.restore.toRestore();
        this.stateBackend = builder.stateBackend;
        this.errorPolicy = builder.errorPolicy;
        if (builder.restore != null) {
            earlierSnapshots.add(builder.restore.jobDirectory());
        }
        this.clock = new ManualProcessingTimeService(builder.startTime);
        this.fireProcessingTimersAtEnd = builder.fireProcessingTimersAtEnd;
        this.autoWatermarkInterval = builder.autoWatermarkInterval;
        Output<Object> operatorInput = new Output<Object>() {
            @Override
            public void collect(Object record) {
                throw new IllegalStateException("the valve passes no records");
            }

            @Override
            public void emitWatermark(long watermark) {
                deliverWatermark(watermark);
            }

            @Override
            public void emitWatermarkStatus(boolean idle) {
                if (operator.forwardsWatermarks()) {
                    watermarkStatuses.add(idle); // the chain passes the combined status on
                }
            }
        };
        this.valves = operator instanceof TwoInputStreamOperator<?, ?>
                ? WatermarkValve.perInput(operatorInput, builder.inputChannels, builder.inputChannels)
                : WatermarkValve.perInput(operatorInput, builder.inputChannels);
        this.info = new SubtaskInfo("harness", builder.operatorName, null, builder.subtaskIndex, builder.parallelism,
                builder.maxParallelism);
    }

    public static <IN, OUT> OperatorHarness<IN, OUT> forMap(MapFunction<IN, OUT> function) {
        return builder().build(new MapOperator<>(function));
    }

    public static <IN, OUT> OperatorHarness<IN, OUT> forFlatMap(FlatMapFunction<IN, OUT> function) {
        return builder().build(new FlatMapOperator<>(function));
    }

    public static <T> OperatorHarness<T, T> forFilter(FilterFunction<T> function) {
        return builder().build(new FilterOperator<>(function));
    }

    public static <IN, OUT> OperatorHarness<IN, OUT> forProcess(ProcessFunction<IN, OUT> function) {
        return builder().build(new ProcessOperator<>(function));
    }

    public static <K, IN, OUT> OperatorHarness<IN, OUT> forKeyedProcess(KeyedProcessFunction<K, IN, OUT> function,
                                                                         KeySelector<IN, K> keySelector) {
        return builder().forKeyedProcess(function, keySelector);
    }

    /** For a sink: everything written goes to the sink; {@link #output()} stays empty. */
    public static <T> OperatorHarness<T, Void> forSink(Sink<T> sink) {
        return builder().build(new SinkOperator<>(sink));
    }

    /** A {@code CoMapFunction} on non-keyed connected streams (see {@link TwoInput}). */
    public static <IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> forCoMap(CoMapFunction<IN1, IN2, OUT> function) {
        return builder().forCoMap(function);
    }

    /** A {@code CoFlatMapFunction} on non-keyed connected streams (see {@link TwoInput}). */
    public static <IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> forCoFlatMap(CoFlatMapFunction<IN1, IN2, OUT> function) {
        return builder().forCoFlatMap(function);
    }

    /** A {@code CoProcessFunction} on non-keyed connected streams (see {@link TwoInput}). */
    public static <IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> forCoProcess(CoProcessFunction<IN1, IN2, OUT> function) {
        return builder().forCoProcess(function);
    }

    /** A {@code KeyedCoProcessFunction} on connected streams keyed by the two selectors (see {@link TwoInput}). */
    public static <K, IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> forKeyedCoProcess(
            KeyedCoProcessFunction<K, IN1, IN2, OUT> function, KeySelector<IN1, K> keySelector1,
            KeySelector<IN2, K> keySelector2) {
        return builder().forKeyedCoProcess(function, keySelector1, keySelector2);
    }

    /**
     * The interval join of two keyed inputs with {@code function}: right records at
     * {@code [left + lowerBound, left + upperBound]} (both inclusive, in milliseconds) join (see {@link TwoInput};
     * records need timestamps). Records behind the watermark are dropped and counted.
     */
    public static <K, IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> forIntervalJoin(
            dev.weir.api.functions.ProcessJoinFunction<IN1, IN2, OUT> function, KeySelector<IN1, K> keySelector1,
            KeySelector<IN2, K> keySelector2, long lowerBound, long upperBound) {
        return builder().forIntervalJoin(function, keySelector1, keySelector2, lowerBound, upperBound);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of the simulated subtask. */
    public static final class Builder {
        private int subtaskIndex;
        private int parallelism = 1;
        private int maxParallelism = KeyGroups.DEFAULT_MAX_PARALLELISM;
        private long startTime;
        private String operatorName = "operator-under-test";
        private HarnessSnapshot restore;
        private KeyedStateBackendFactory stateBackend = KeyedStateBackendFactory.heap();
        private ErrorPolicy errorPolicy;
        private int inputChannels = 1;
        private boolean fireProcessingTimersAtEnd;
        private long autoWatermarkInterval = OperatorContext.DEFAULT_AUTO_WATERMARK_INTERVAL;

        /**
         * The operator reads {@code channels} input channels (default 1): watermarks and idle
         * statuses given per channel ({@link #processWatermark(int, long)},
         * {@link #processWatermarkStatus}) are combined as a task combines them (the minimum over the
         * active channels, never backwards) before the operator sees them.
         */
        public Builder inputChannels(int channels) {
            this.inputChannels = channels;
            return this;
        }

        /** Pending processing-time timers fire at {@link #endInput()} (default: dropped, as in a job). */
        public Builder fireProcessingTimersAtEnd(boolean fire) {
            this.fireProcessingTimersAtEnd = fire;
            return this;
        }

        /** Interval of periodic watermarks of generators (sources, timestamp assigners), driven by the manual clock. */
        public Builder autoWatermarkInterval(long millis) {
            this.autoWatermarkInterval = millis;
            return this;
        }

        /**
         * Applies {@code errorPolicy} to records the operator throws on, as a job would: skipped
         * records are counted ({@link #skippedRecords()}), dead letters go to the side output
         * {@code DeadLetter.TAG}, and under fail the exception comes wrapped, naming the operator.
         * Without it (the default) exceptions reach the test unchanged.
         */
        public Builder errorPolicy(ErrorPolicy errorPolicy) {
            this.errorPolicy = errorPolicy;
            return this;
        }

        /** The keyed state backend of keyed operators (default: heap). */
        public Builder stateBackend(KeyedStateBackendFactory stateBackend) {
            this.stateBackend = stateBackend;
            return this;
        }

        public Builder subtask(int subtaskIndex, int parallelism) {
            this.subtaskIndex = subtaskIndex;
            this.parallelism = parallelism;
            return this;
        }

        public Builder maxParallelism(int maxParallelism) {
            this.maxParallelism = maxParallelism;
            return this;
        }

        /** Processing time when the harness starts (default 0). */
        public Builder startTime(long startTime) {
            this.startTime = startTime;
            return this;
        }

        /** Starts the operator from {@code snapshot} (its max parallelism is taken over). */
        public Builder restoreFrom(HarnessSnapshot snapshot) {
            this.restore = snapshot;
            this.maxParallelism = snapshot.maxParallelism();
            return this;
        }

        public Builder operatorName(String operatorName) {
            this.operatorName = operatorName;
            return this;
        }

        public <K, IN, OUT> OperatorHarness<IN, OUT> forKeyedProcess(KeyedProcessFunction<K, IN, OUT> function,
                                                                      KeySelector<IN, K> keySelector) {
            return build(new KeyedProcessOperator<>(keySelector, function));
        }

        public <IN, OUT> OperatorHarness<IN, OUT> forMap(MapFunction<IN, OUT> function) {
            return build(new MapOperator<>(function));
        }

        public <IN, OUT> OperatorHarness<IN, OUT> forProcess(ProcessFunction<IN, OUT> function) {
            return build(new ProcessOperator<>(function));
        }

        /**
         * A window operator (as {@code keyBy(..).window(..)} and its function make one), with per-subtask
         * copies of its functions.
         */
        @SuppressWarnings("unchecked")
        public <IN, OUT> OperatorHarness<IN, OUT> forWindow(dev.weir.api.dag.Operation.Windowed operation) {
            return build((StreamOperator<IN>) Operators.window(operation));
        }

        /** A {@code CoMapFunction} on non-keyed connected streams. */
        public <IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> forCoMap(CoMapFunction<IN1, IN2, OUT> function) {
            return buildTwoInput(new CoMapOperator<>(function, null, null));
        }

        /** A {@code CoFlatMapFunction} on non-keyed connected streams. */
        public <IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> forCoFlatMap(CoFlatMapFunction<IN1, IN2, OUT> function) {
            return buildTwoInput(new CoFlatMapOperator<>(function, null, null));
        }

        /** A {@code CoProcessFunction} on non-keyed connected streams. */
        public <IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> forCoProcess(CoProcessFunction<IN1, IN2, OUT> function) {
            return buildTwoInput(new CoProcessOperator<>(function, null, null));
        }

        /** A {@code KeyedCoProcessFunction}: both inputs keyed, by {@code keySelector1} and {@code keySelector2}. */
        public <K, IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> forKeyedCoProcess(
                KeyedCoProcessFunction<K, IN1, IN2, OUT> function, KeySelector<IN1, K> keySelector1,
                KeySelector<IN2, K> keySelector2) {
            return buildTwoInput(new KeyedCoProcessOperator<>(keySelector1, keySelector2, function));
        }

        /**
         * A {@code BroadcastProcessFunction}: input 1 the non-broadcast stream, input 2 the broadcast records;
         * {@code descriptors} as given to {@code broadcast(..)}.
         */
        public <IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> forBroadcastProcess(
                dev.weir.api.functions.BroadcastProcessFunction<IN1, IN2, OUT> function,
                dev.weir.api.state.MapStateDescriptor<?, ?>... descriptors) {
            return buildTwoInput(new dev.weir.runtime.operators.BroadcastProcessOperator<>(function, List.of(descriptors)));
        }

        /**
         * A {@code KeyedBroadcastProcessFunction}: input 1 keyed by {@code keySelector}, input 2 the broadcast
         * records; {@code descriptors} as given to {@code broadcast(..)}.
         */
        public <K, IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> forKeyedBroadcastProcess(
                dev.weir.api.functions.KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> function,
                KeySelector<IN1, K> keySelector, dev.weir.api.state.MapStateDescriptor<?, ?>... descriptors) {
            return buildTwoInput(new dev.weir.runtime.operators.KeyedBroadcastProcessOperator<>(keySelector, function,
                    List.of(descriptors)));
        }

        /** An interval join (see {@link OperatorHarness#forIntervalJoin}). */
        public <K, IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> forIntervalJoin(
                dev.weir.api.functions.ProcessJoinFunction<IN1, IN2, OUT> function, KeySelector<IN1, K> keySelector1,
                KeySelector<IN2, K> keySelector2, long lowerBound, long upperBound) {
            return buildTwoInput(new dev.weir.runtime.operators.IntervalJoinOperator<K, IN1, IN2, OUT>(
                    new dev.weir.api.dag.Operation.IntervalJoin(keySelector1, keySelector2, lowerBound, upperBound,
                            null, null, null, null, function), function));
        }

        /** Wraps any two-input runtime operator. */
        public <IN1, IN2, OUT> TwoInput<IN1, IN2, OUT> buildTwoInput(TwoInputStreamOperator<IN1, IN2> operator) {
            return new TwoInput<>(new OperatorHarness<>(operator, this));
        }

        /** Wraps any runtime operator (for operators that have no factory method here). */
        public <IN, OUT> OperatorHarness<IN, OUT> build(StreamOperator<IN> operator) {
            return new OperatorHarness<>(operator, this);
        }
    }

    /** Opens the operator; called by the first record or clock move if not called before. */
    @SuppressWarnings("unchecked")
    public OperatorHarness<IN, OUT> open() throws Exception {
        if (!open) {
            open = true;
            Output<Object> collector = new Output<>() {
                @Override
                public void collect(Object record) {
                    output.add((OUT) record);
                    outputTimestamps.add(timestamp.boxed());
                }

                @Override
                public void emitWatermark(long watermark) {
                    watermarks.add(watermark);
                }

                @Override
                public void emitWatermarkStatus(boolean idle) {
                    watermarkStatuses.add(idle);
                }
            };
            SideOutputs sides = tag -> sideOutputs.computeIfAbsent(tag, t -> new ArrayList<>())::add;
            errors = errorPolicy == null ? RecordErrors.failing(info)
                    : new RecordErrors(info, errorPolicy, sides.consumersOf(DeadLetter.TAG), SourcePosition.UNKNOWN);
            KeyGroupRange range = operator instanceof KeyedOperator keyed && keyed.isKeyed()
                    ? KeyGroupRange.forSubtask(info.maxParallelism(), info.parallelism(), info.subtaskIndex())
                    : null;
            operator.open(new OperatorContext(info, collector, clock, range, restore, Serializers.builtInOnly(),
                    restore.isEmpty() ? 0 : 1, new CheckpointTiming(java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(10), 1), FaultInjector.NONE, stateBackend,
                    sides, errors, timestamp, autoWatermarkInterval, fireProcessingTimersAtEnd,
                    new dev.weir.runtime.metrics.UserMetricGroup()));
        }
        return this;
    }

    /** A record without a timestamp. */
    public void processElement(IN record) throws Exception {
        processElement(record, RecordTimestamp.NO_TIMESTAMP);
    }

    /** A record with event timestamp {@code timestamp} ({@code Long.MIN_VALUE}: none). */
    public void processElement(IN record, long timestamp) throws Exception {
        open();
        this.timestamp.set(timestamp);
        if (errorPolicy == null) {
            operator.processElement(record);
            return;
        }
        try {
            operator.processElement(record);
        } catch (Exception e) {
            errors.onRecordFailure(record, e);
        }
    }

    /**
     * Watermark {@code watermark} arrives (on the only input channel): the operator fires its due
     * event-time timers, then its output gets the watermark (see {@link #watermarks()}).
     */
    public void processWatermark(long watermark) throws Exception {
        processWatermark(0, watermark);
    }

    /** Watermark {@code watermark} arrives on input channel {@code channel} (see {@link Builder#inputChannels}). */
    public void processWatermark(int channel, long watermark) throws Exception {
        processWatermark(0, channel, watermark);
    }

    /** Input channel {@code channel} goes idle or active again. */
    public void processWatermarkStatus(int channel, boolean idle) throws Exception {
        processWatermarkStatus(0, channel, idle);
    }

    /** Watermark {@code watermark} arrives on channel {@code channel} of input {@code input} (0 or 1). */
    void processWatermark(int input, int channel, long watermark) throws Exception {
        open();
        valves[input].watermark(channel, watermark);
    }

    /** Channel {@code channel} of input {@code input} goes idle or active again. */
    void processWatermarkStatus(int input, int channel, boolean idle) throws Exception {
        open();
        valves[input].status(channel, idle);
    }

    /** A record of the second input of a two-input operator. */
    @SuppressWarnings("unchecked")
    void processElement2(Object record, long timestamp) throws Exception {
        open();
        this.timestamp.set(timestamp);
        TwoInputStreamOperator<IN, Object> twoInputs = (TwoInputStreamOperator<IN, Object>) operator;
        if (errorPolicy == null) {
            twoInputs.processElement2(record);
            return;
        }
        try {
            twoInputs.processElement2(record);
        } catch (Exception e) {
            errors.onRecordFailure(record, e);
        }
    }

    /** The watermark the operator has seen last (the combined one), {@code Long.MIN_VALUE} before any. */
    public long currentInputWatermark() {
        return inputWatermark;
    }

    private void deliverWatermark(long watermark) {
        inputWatermark = watermark;
        timestamp.set(RecordTimestamp.NO_TIMESTAMP);
        try {
            operator.processWatermark(watermark);
        } catch (Exception e) {
            throw OperatorHarness.<RuntimeException>unchanged(e); // to the test as the operator threw it
        }
        if (operator.forwardsWatermarks()) {
            watermarks.add(watermark);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E unchanged(Exception e) throws E {
        throw (E) e;
    }

    /** The watermarks the operator emitted (or that passed through it), in order. */
    public List<Long> watermarks() {
        return List.copyOf(watermarks);
    }

    /** The idle statuses the operator emitted, in order: true = went idle, false = active again. */
    public List<Boolean> watermarkStatuses() {
        return List.copyOf(watermarkStatuses);
    }

    /**
     * The timestamps of the records emitted so far, in the order of {@link #output()} (null for a
     * record without one). {@link #takeOutput()} clears them too.
     */
    public List<Long> outputTimestamps() {
        return java.util.Collections.unmodifiableList(new ArrayList<>(outputTimestamps));
    }

    /** Records a window operator dropped as too late (no late-data side output set). */
    public long lateRecordsDropped() {
        return operator.numLateRecordsDropped();
    }

    /** Records skipped under {@link Builder#errorPolicy} (0 without one). */
    public long skippedRecords() {
        return errors == null ? 0 : errors.skipped();
    }

    @SafeVarargs
    public final void processElements(IN... records) throws Exception {
        for (IN record : records) {
            processElement(record);
        }
    }

    /** Moves the manual clock forward; timers due by {@code time} fire first, in order. */
    public void setProcessingTime(long time) throws Exception {
        open();
        clock.advanceTo(time);
    }

    public long getProcessingTime() {
        return clock.currentTimeMillis();
    }

    /** Processing-time timer callbacks scheduled and not yet fired. */
    public int pendingTimers() {
        return clock.pendingTimers();
    }

    /**
     * Takes checkpoint {@code checkpointId} of the operator now, as a running job would between two
     * records, and writes it to a new temporary directory.
     */
    public HarnessSnapshot snapshot(long checkpointId) throws Exception {
        open();
        OperatorSnapshot image = operator.snapshotState(checkpointId, System.currentTimeMillis());
        errors.checkpointTaken();
        try {
            Path base = Files.createTempDirectory("weir-harness-");
            HarnessSnapshot.deleteOnExit(base);
            CheckpointStorage storage = new CheckpointStorage(base, info.jobName());
            storage.initializeCheckpoint(checkpointId);
            TaskAcknowledgement ack = new SnapshotWriter(storage).write(checkpointId, 0,
                    List.of(new SnapshotWriter.MemberImage(HarnessSnapshot.UID, info.operatorName(),
                            info.subtaskIndex(), info.parallelism(), image)), 0, 0);
            // An incremental snapshot references shared files of earlier ones, which live in their own
            // directories: link them in, so that each snapshot directory is complete on its own.
            for (SubtaskStateHandle.SharedFile shared : ack.operators().get(0).handle().sharedFiles()) {
                linkFromEarlierSnapshots(storage, shared.path());
            }
            earlierSnapshots.add(storage.jobDirectory());
            CheckpointMetadata metadata = new CheckpointMetadata(info.jobName(), checkpointId,
                    System.currentTimeMillis(), info.maxParallelism(), List.of(new OperatorStateHandles(
                    HarnessSnapshot.UID, info.operatorName(), info.parallelism(), ack.operators().get(0).states(),
                    List.of(ack.operators().get(0).handle()))));
            storage.commit(metadata);
            return new HarnessSnapshot(CheckpointStorage.loadVerified(storage.checkpointDirectory(checkpointId)));
        } finally {
            operator.releaseSnapshots();
        }
    }

    private void linkFromEarlierSnapshots(CheckpointStorage storage, String sharedPath) throws java.io.IOException {
        Path target = storage.resolve(sharedPath);
        if (Files.exists(target)) {
            return;
        }
        for (Path earlier : earlierSnapshots) {
            Path source = earlier.resolve(sharedPath);
            if (Files.exists(source)) {
                HarnessSnapshot.link(source, target);
                return;
            }
        }
    }

    /**
     * Tells the operator that checkpoint {@code checkpointId} has completed, as the coordinator
     * does once its metadata is durable (an exactly-once sink commits here).
     */
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        open();
        operator.notifyCheckpointComplete(checkpointId);
    }

    /** Tells the operator that checkpoint {@code checkpointId} was aborted. */
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        open();
        operator.notifyCheckpointAborted(checkpointId);
    }

    /** Signals end of input (the operator flushes what it buffered). */
    public void endInput() throws Exception {
        open();
        operator.endInput();
    }

    /** Everything emitted so far. */
    public List<OUT> output() {
        return List.copyOf(output);
    }

    /** Everything emitted since the last call, and forgets it. */
    public List<OUT> takeOutput() {
        List<OUT> taken = List.copyOf(output);
        output.clear();
        outputTimestamps.clear();
        return taken;
    }

    /** Everything emitted so far to the side output {@code tag} (empty if nothing was). */
    @SuppressWarnings("unchecked")
    public <X> List<X> getSideOutput(OutputTag<X> tag) {
        return (List<X>) List.copyOf(sideOutputs.getOrDefault(tag, List.of()));
    }

    /** The keyed state of a keyed operator, to inspect in tests; null for other operators. */
    public KeyedStateBackend keyedState() {
        return operator instanceof KeyedOperator keyed ? keyed.keyedStateBackend() : null;
    }

    /**
     * Drives a two-input operator (connected streams) on the calling thread, as {@link OperatorHarness}
     * drives one with one input: records and watermarks per input, one manual clock, snapshots and
     * restores (also rescaled, {@link HarnessSnapshot#combine}). {@link Builder#inputChannels} sets the
     * channels of each input; each input's channels are combined into its watermark, and the two inputs'
     * watermarks into the operator's (the minimum, an idle input left out, never backwards), as a task
     * combines them.
     *
     * <pre>{@code
     * try (var harness = OperatorHarness.forKeyedCoProcess(new Enrich(), Order::customer, Customer::id)) {
     *     harness.processElement2(new Customer(7, "Ada"));
     *     harness.processElement1(new Order(7, 30));
     *     assertEquals(List.of(...), harness.takeOutput());
     * }
     * }</pre>
     */
    public static final class TwoInput<IN1, IN2, OUT> implements AutoCloseable {
        private final OperatorHarness<IN1, OUT> harness;

        private TwoInput(OperatorHarness<IN1, OUT> harness) {
            this.harness = harness;
        }

        /** Opens the operator; called by the first record or clock move if not called before. */
        public TwoInput<IN1, IN2, OUT> open() throws Exception {
            harness.open();
            return this;
        }

        /** A record of the first input, without a timestamp. */
        public void processElement1(IN1 record) throws Exception {
            harness.processElement(record);
        }

        /** A record of the first input with event timestamp {@code timestamp}. */
        public void processElement1(IN1 record, long timestamp) throws Exception {
            harness.processElement(record, timestamp);
        }

        /** A record of the second input, without a timestamp. */
        public void processElement2(IN2 record) throws Exception {
            harness.processElement2(record, RecordTimestamp.NO_TIMESTAMP);
        }

        /** A record of the second input with event timestamp {@code timestamp}. */
        public void processElement2(IN2 record, long timestamp) throws Exception {
            harness.processElement2(record, timestamp);
        }

        /** Watermark {@code watermark} arrives on the first input (its only channel). */
        public void processWatermark1(long watermark) throws Exception {
            harness.processWatermark(0, 0, watermark);
        }

        /** Watermark {@code watermark} arrives on the second input (its only channel). */
        public void processWatermark2(long watermark) throws Exception {
            harness.processWatermark(1, 0, watermark);
        }

        /** Watermark {@code watermark} arrives on channel {@code channel} of input {@code input} (1 or 2). */
        public void processWatermark(int input, int channel, long watermark) throws Exception {
            harness.processWatermark(inputIndex(input), channel, watermark);
        }

        /** The first input (its only channel) goes idle or active again. */
        public void processWatermarkStatus1(boolean idle) throws Exception {
            harness.processWatermarkStatus(0, 0, idle);
        }

        /** The second input (its only channel) goes idle or active again. */
        public void processWatermarkStatus2(boolean idle) throws Exception {
            harness.processWatermarkStatus(1, 0, idle);
        }

        /** Channel {@code channel} of input {@code input} (1 or 2) goes idle or active again. */
        public void processWatermarkStatus(int input, int channel, boolean idle) throws Exception {
            harness.processWatermarkStatus(inputIndex(input), channel, idle);
        }

        private static int inputIndex(int input) {
            if (input != 1 && input != 2) {
                throw new IllegalArgumentException("a two-input operator has inputs 1 and 2, not " + input);
            }
            return input - 1;
        }

        /** The operator's watermark: the combined one of both inputs, {@code Long.MIN_VALUE} before any. */
        public long currentInputWatermark() {
            return harness.currentInputWatermark();
        }

        /** Moves the manual clock forward; timers due by {@code time} fire first, in order. */
        public void setProcessingTime(long time) throws Exception {
            harness.setProcessingTime(time);
        }

        public long getProcessingTime() {
            return harness.getProcessingTime();
        }

        /** Takes checkpoint {@code checkpointId} now (see {@link OperatorHarness#snapshot}). */
        public HarnessSnapshot snapshot(long checkpointId) throws Exception {
            return harness.snapshot(checkpointId);
        }

        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            harness.notifyCheckpointComplete(checkpointId);
        }

        /** Both inputs have ended (give both {@code Long.MAX_VALUE} watermarks first for bounded inputs). */
        public void endInput() throws Exception {
            harness.endInput();
        }

        public List<OUT> output() {
            return harness.output();
        }

        public List<OUT> takeOutput() {
            return harness.takeOutput();
        }

        public List<Long> outputTimestamps() {
            return harness.outputTimestamps();
        }

        public List<Long> watermarks() {
            return harness.watermarks();
        }

        public List<Boolean> watermarkStatuses() {
            return harness.watermarkStatuses();
        }

        public <X> List<X> getSideOutput(OutputTag<X> tag) {
            return harness.getSideOutput(tag);
        }

        /** Records skipped under {@link Builder#errorPolicy}. */
        public long skippedRecords() {
            return harness.skippedRecords();
        }

        /** Records the operator dropped as late (an interval join's records behind the watermark). */
        public long lateRecordsDropped() {
            return harness.lateRecordsDropped();
        }

        /** The keyed state both inputs share (keyed connected streams), to inspect in tests. */
        public KeyedStateBackend keyedState() {
            return harness.keyedState();
        }

        @Override
        public void close() throws Exception {
            harness.close();
        }
    }

    @Override
    public void close() throws Exception {
        if (open && !closed) {
            closed = true;
            operator.close();
        }
    }
}
