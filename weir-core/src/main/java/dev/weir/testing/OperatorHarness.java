package dev.weir.testing;

import dev.weir.api.Collector;
import dev.weir.api.DeadLetter;
import dev.weir.api.ErrorPolicy;
import dev.weir.api.OutputTag;
import dev.weir.api.connector.Sink;
import dev.weir.api.functions.FilterFunction;
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
import dev.weir.runtime.operators.FilterOperator;
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
    private final WatermarkValve valve;
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
        this.valve = new WatermarkValve(builder.inputChannels, new Output<Object>() {
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
        });
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
            KeyGroupRange range = operator instanceof KeyedOperator
                    ? KeyGroupRange.forSubtask(info.maxParallelism(), info.parallelism(), info.subtaskIndex())
                    : null;
            operator.open(new OperatorContext(info, collector, clock, range, restore, Serializers.builtInOnly(),
                    restore.isEmpty() ? 0 : 1, new CheckpointTiming(java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(10)), FaultInjector.NONE, stateBackend,
                    sides, errors, timestamp, autoWatermarkInterval, fireProcessingTimersAtEnd));
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
        open();
        valve.watermark(channel, watermark);
    }

    /** Input channel {@code channel} goes idle or active again. */
    public void processWatermarkStatus(int channel, boolean idle) throws Exception {
        open();
        valve.status(channel, idle);
    }

    /** The watermark the operator has seen last (the combined one), {@code Long.MIN_VALUE} before any. */
    public long currentInputWatermark() {
        return valve.current();
    }

    private void deliverWatermark(long watermark) {
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

    @Override
    public void close() throws Exception {
        if (open && !closed) {
            closed = true;
            operator.close();
        }
    }
}
