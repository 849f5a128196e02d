package dev.weir.runtime;

import dev.weir.api.spi.SubtaskInfo;
import dev.weir.api.testing.FaultInjector;
import dev.weir.api.Collector;
import dev.weir.api.DeadLetter;
import dev.weir.api.ErrorPolicy;
import dev.weir.api.OutputTag;
import dev.weir.graph.JobVertex;
import dev.weir.api.dag.Transformation;
import dev.weir.api.functions.KeySelector;
import dev.weir.runtime.operators.KeyedOperator;
import dev.weir.runtime.operators.Operators;
import dev.weir.runtime.operators.OperatorContext;
import dev.weir.runtime.operators.OperatorRestore;
import dev.weir.runtime.operators.OperatorSnapshot;
import dev.weir.runtime.operators.Output;
import dev.weir.runtime.operators.SideOutputs;
import dev.weir.runtime.operators.StreamOperator;
import dev.weir.runtime.operators.TwoInputStreamOperator;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyedStateBackendFactory;
import dev.weir.state.serialization.Serializers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators of one subtask of a {@link JobVertex}, fused: an operator's output calls the next
 * operator's {@code processElement} directly and/or writes to the vertex's outgoing channels.
 * Also counts records in and out of each operator (see {@link OperatorMetrics}: the head per batch,
 * outputs by their first consumer) and applies each operator's error policy to the records it throws on.
 * The task hands the head whole batches ({@link BatchInput}). An operator's side outputs go to the chained {@code SIDE_OUTPUT} nodes that
 * read them; the source position (for errors) is known in a source task's chain only.
 */
final class OperatorChain {

    /** One operator of the chain with what the runtime keeps about it. */
    record Member(Transformation transformation, SubtaskInfo info, StreamOperator<Object> operator,
                  OperatorMetrics metrics, OperatorRestore restore, SideOutputs sideOutputs, RecordErrors errors,
                  dev.weir.runtime.metrics.UserMetricGroup userMetrics) {
    }

    /** What {@link #create} needs besides the vertex: where state comes from and goes. */
    record Environment(String jobName, int maxParallelism, Serializers serializers, int attempt,
                       FaultInjector faults, CheckpointTiming checkpointing, KeyedStateBackendFactory stateBackend,
                       java.util.function.Function<Transformation, OperatorRestore> restores,
                       long autoWatermarkInterval, boolean fireProcessingTimersAtEnd) {
    }

    private final List<Member> members;
    private final List<Output<Object>> outputs;
    private final Output<Object> headInput;
    private final BatchInput firstBatchInput;
    private final BatchInput secondBatchInput; // null unless the head reads two inputs
    private final ProcessingTimeService timeService;
    private final Environment environment;
    private final RecordTimestamp timestamp;

    private OperatorChain(List<Member> members, List<Output<Object>> outputs, Output<Object> headInput,
                          BatchInput firstBatchInput, BatchInput secondBatchInput, ProcessingTimeService timeService,
                          Environment environment, RecordTimestamp timestamp) {
        this.firstBatchInput = firstBatchInput;
        this.secondBatchInput = secondBatchInput;
        this.members = members;
        this.timestamp = timestamp;
        this.outputs = outputs;
        this.headInput = headInput;
        this.timeService = timeService;
        this.environment = environment;
    }

    /**
     * Creates the operators of subtask {@code subtask} of {@code vertex} and wires their outputs:
     * to chained operators and to the record writers of edges leaving each operator.
     */
    @SuppressWarnings("unchecked")
    static OperatorChain create(JobVertex vertex, int subtask, Environment env,
                                Map<Transformation, List<RecordWriter>> writersByProducer,
                                ProcessingTimeService timeService) {
        List<Transformation> chain = vertex.chain();
        SubtaskInfo[] infos = new SubtaskInfo[chain.size()];
        StreamOperator<Object>[] operators = new StreamOperator[chain.size()];
        SourcePosition position = SourcePosition.UNKNOWN; // behind a channel the source position is not known
        for (int i = 0; i < chain.size(); i++) {
            Transformation t = chain.get(i);
            infos[i] = new SubtaskInfo(env.jobName(), t.name(), t.uid(), subtask, vertex.parallelism(),
                    env.maxParallelism());
            operators[i] = (StreamOperator<Object>) Operators.create(t);
            if (operators[i] instanceof SourcePosition source) {
                position = source;
            }
        }
        // Wire back to front, so each operator's chained consumers already have their inputs.
        RecordTimestamp timestamp = new RecordTimestamp();
        writersByProducer.values().forEach(writers -> writers.forEach(w -> w.bindTimestamp(timestamp)));
        Member[] members = new Member[chain.size()];
        Output<Object>[] inputs = new Output[chain.size()];
        Output<Object>[] outputs = new Output[chain.size()];
        for (int i = chain.size() - 1; i >= 0; i--) {
            Transformation t = chain.get(i);
            List<Output<Object>> targets = new ArrayList<>();
            Map<OutputTag<?>, List<Output<Object>>> sideTargets = new LinkedHashMap<>();
            for (int j = i + 1; j < chain.size(); j++) {
                Transformation consumer = chain.get(j);
                if (consumer.inputs().get(0).from() != t) {
                    continue;
                }
                if (consumer.kind() == Transformation.Kind.SIDE_OUTPUT) {
                    sideTargets.computeIfAbsent(consumer.sideOutputTag(), tag -> new ArrayList<>()).add(inputs[j]);
                } else {
                    targets.add(inputs[j]);
                }
            }
            targets.addAll(writersByProducer.getOrDefault(t, List.of()));
            Map<OutputTag<?>, Collector<Object>> side = new LinkedHashMap<>();
            sideTargets.forEach((tag, consumers) -> side.put(tag, recordsOnly(fanOut(consumers))));
            SideOutputs sideOutputs = SideOutputs.of(side);
            ErrorPolicy policy = t.effectiveErrorPolicy();
            RecordErrors errors = new RecordErrors(infos[i], policy, policy.kind() == ErrorPolicy.Kind.DEAD_LETTER
                    ? deadLetterOutput(infos[i], sideOutputs) : null, position);
            OperatorMetrics metrics = new OperatorMetrics();
            members[i] = new Member(t, infos[i], operators[i], metrics, env.restores().apply(t), sideOutputs, errors,
                    new dev.weir.runtime.metrics.UserMetricGroup());
            List<Output<Object>> watermarkTargets = new ArrayList<>(targets); // side streams get the operator's watermarks too
            sideTargets.values().forEach(watermarkTargets::addAll);
            metrics.countOutputsAs(recordsOutOf(targets));
            metrics.watermarkOutAs(watermarkOutOf(watermarkTargets));
            Output<Object> records = targets.isEmpty() ? new Discard(metrics) : fanOut(targets);
            // No wrapper between an operator and its consumers on the record path: one generic class at
            // every link made the JIT inline a whole chain into one compile per job.
            outputs[i] = watermarkTargets.size() == targets.size() ? records
                    : new SplitOutput(records, fanOut(watermarkTargets));
            inputs[i] = new OperatorInput(operators[i], errors, metrics, infos[i], outputs[i]);
        }
        BatchInput first = new BatchInput(operators[0], false, members[0].errors(), members[0].metrics(), timestamp);
        BatchInput second = operators[0] instanceof TwoInputStreamOperator<?, ?>
                ? new BatchInput(operators[0], true, members[0].errors(), members[0].metrics(), timestamp) : null;
        return new OperatorChain(List.of(members), List.of(outputs), inputs[0], first, second, timeService, env,
                timestamp);
    }

    /** What counts the records out of an operator: its first consumer, which every record out reaches once. */
    private static java.util.function.LongSupplier recordsOutOf(List<Output<Object>> targets) {
        if (targets.isEmpty()) {
            return null; // counted by the Discard output
        }
        Output<Object> first = targets.get(0);
        if (first instanceof OperatorInput input) {
            OperatorMetrics consumer = input.metrics;
            return consumer::recordsIn;
        }
        RecordWriter writer = (RecordWriter) first;
        return writer::recordsWritten;
    }

    /** What records the watermarks out of an operator: its first consumer of watermarks; null: none. */
    private static java.util.function.LongSupplier watermarkOutOf(List<Output<Object>> targets) {
        if (targets.isEmpty()) {
            return null;
        }
        Output<Object> first = targets.get(0);
        if (first instanceof OperatorInput input) {
            OperatorMetrics consumer = input.metrics;
            return consumer::inputWatermark;
        }
        RecordWriter writer = (RecordWriter) first;
        return writer::lastWatermark;
    }

    private static Collector<Object> deadLetterOutput(SubtaskInfo info, SideOutputs sideOutputs) {
        Collector<Object> deadLetters = sideOutputs.consumersOf(DeadLetter.TAG);
        if (deadLetters == null) { // the environment refuses such a job before it starts
            throw new IllegalStateException(info.describe() + " has error policy dead-letter but nothing reads its "
                    + "dead letters: sink getSideOutput(DeadLetter.TAG) or the environment's getDeadLetterStream()");
        }
        return deadLetters;
    }

    @SuppressWarnings("unchecked")
    private static Output<Object> fanOut(List<Output<Object>> targets) {
        if (targets.size() == 1) {
            return targets.get(0);
        }
        Output<Object>[] all = targets.toArray(Output[]::new);
        return new Output<>() {
            @Override
            public void collect(Object record) {
                for (Output<Object> target : all) {
                    target.collect(record);
                }
            }

            @Override
            public void emitWatermark(long watermark) {
                for (Output<Object> target : all) {
                    target.emitWatermark(watermark);
                }
            }

            @Override
            public void emitWatermarkStatus(boolean idle) {
                for (Output<Object> target : all) {
                    target.emitWatermarkStatus(idle);
                }
            }
        };
    }

    /** Side outputs carry records only: the side stream's consumers get watermarks from the main input path. */
    private static Collector<Object> recordsOnly(Output<Object> output) {
        return output::collect;
    }

    Member head() {
        return members.get(0);
    }

    List<Member> members() {
        return members;
    }

    /** Where the task hands the watermarks and statuses it reads from its input channels. */
    Output<Object> headInput() {
        return headInput;
    }

    /** Where the task hands the record batches of its (first) input. */
    BatchInput firstBatchInput() {
        return firstBatchInput;
    }

    /**
     * Where the task hands the record batches of its second input, if its head is a two-input operator (else
     * null). Watermarks and statuses of both inputs reach the head combined, through {@link #headInput}.
     */
    BatchInput secondBatchInput() {
        return secondBatchInput;
    }

    /** The event timestamp of the record in flight, shared by every operator of the chain. */
    RecordTimestamp timestamp() {
        return timestamp;
    }

    /**
     * Restores and opens the operators, last first, so an operator's consumers are ready when it
     * opens.
     */
    void open() throws Exception {
        for (int i = members.size() - 1; i >= 0; i--) {
            Member member = members.get(i);
            Transformation t = member.transformation();
            KeyGroupRange range = t.kind() == Transformation.Kind.KEYED_OPERATOR
                    ? KeyGroupRange.forSubtask(member.info().maxParallelism(), member.info().parallelism(),
                    member.info().subtaskIndex())
                    : null;
            try {
                if (!member.restore().isEmpty()) {
                    environment.faults().at(FaultInjector.Point.RESTORE, member.info(),
                            member.restore().checkpointId(), environment.attempt());
                }
                member.operator().open(new OperatorContext(member.info(), outputs.get(i), timeService, range,
                        member.restore(), environment.serializers(), environment.attempt(),
                        environment.checkpointing(), environment.faults(), environment.stateBackend(),
                        member.sideOutputs(), member.errors(), timestamp, environment.autoWatermarkInterval(),
                        environment.fireProcessingTimersAtEnd(), member.userMetrics()));
            } catch (Exception e) {
                throw OperatorFailure.during(member.info(), member.restore().isEmpty() ? "open"
                        : "restoring checkpoint " + member.restore().checkpointId(), e);
            }
        }
    }

    /**
     * The synchronous part of a checkpoint for every operator, first to last; {@code timestamp} is
     * when the coordinator triggered it.
     */
    List<OperatorSnapshot> snapshotState(long checkpointId, long timestamp) {
        List<OperatorSnapshot> snapshots = new ArrayList<>(members.size());
        for (Member member : members) {
            try {
                environment.faults().at(FaultInjector.Point.SYNC_SNAPSHOT, member.info(), checkpointId,
                        environment.attempt());
                snapshots.add(member.operator().snapshotState(checkpointId, timestamp));
                member.errors().checkpointTaken(); // the skip limit counts per checkpoint interval
            } catch (Exception e) {
                throw failure(member, "the snapshot of checkpoint " + checkpointId, e);
            }
        }
        return snapshots;
    }

    void releaseSnapshots() {
        for (Member member : members) {
            member.operator().releaseSnapshots();
        }
    }

    void notifyCheckpointComplete(long checkpointId) {
        for (Member member : members) {
            try {
                member.operator().notifyCheckpointComplete(checkpointId);
            } catch (Exception e) {
                throw failure(member, "notifyCheckpointComplete(" + checkpointId + ")", e);
            }
        }
    }

    void notifyCheckpointAborted(long checkpointId) {
        for (Member member : members) {
            try {
                member.operator().notifyCheckpointAborted(checkpointId);
            } catch (Exception e) {
                throw failure(member, "notifyCheckpointAborted(" + checkpointId + ")", e);
            }
        }
    }

    /** The input has ended: each operator, first to last, flushes what it buffered downstream. */
    void endInput() {
        for (Member member : members) {
            try {
                member.operator().endInput();
            } catch (Exception e) {
                throw failure(member, "endInput", e);
            }
        }
        timeService.quiesce(); // no timer fires after the end of input (operators fired theirs in endInput if asked to)
    }

    /** Closes every operator, first to last; returns the first failure instead of stopping at it. */
    Throwable close() {
        Throwable first = null;
        for (Member member : members) {
            try {
                member.operator().close();
            } catch (Throwable e) {
                if (first == null) {
                    first = failure(member, "close", e);
                }
            }
        }
        return first;
    }

    private static RuntimeException failure(Member member, String phase, Throwable e) {
        if (e instanceof OperatorFailure || e instanceof TaskCancelledException) {
            return (RuntimeException) e;
        }
        return OperatorFailure.during(member.info(), phase, e);
    }

    /**
     * Delivers records into one operator: counts them, and if the operator throws, applies its error
     * policy (which fails the task naming operator, record and source position, or skips, or
     * dead-letters the record).
     */
    private static final class OperatorInput implements Output<Object> {
        private final StreamOperator<Object> operator;
        private final RecordErrors errors;
        private final OperatorMetrics metrics;
        private final SubtaskInfo info;
        private final Output<Object> operatorOutput;
        private final boolean forwards;

        OperatorInput(StreamOperator<Object> operator, RecordErrors errors, OperatorMetrics metrics, SubtaskInfo info,
                      Output<Object> operatorOutput) {
            this.operator = operator;
            this.errors = errors;
            this.metrics = metrics;
            this.info = info;
            this.operatorOutput = operatorOutput;
            this.forwards = operator.forwardsWatermarks();
        }

        @Override
        public void emitWatermark(long watermark) {
            metrics.watermarkIn(watermark);
            try {
                operator.processWatermark(watermark);
            } catch (OperatorFailure | TaskCancelledException e) {
                throw e;
            } catch (Exception e) {
                throw OperatorFailure.during(info, "watermark " + watermark, e);
            }
            if (forwards) {
                operatorOutput.emitWatermark(watermark);
            }
        }

        @Override
        public void emitWatermarkStatus(boolean idle) {
            if (forwards) {
                operatorOutput.emitWatermarkStatus(idle);
            }
        }

        @Override
        public void collect(Object record) {
            metrics.countIn();
            try {
                operator.processElement(record);
            } catch (Exception e) {
                errors.onRecordFailure(record, e);
            }
        }
    }

    /**
     * Delivers the records of one batch from an input channel into the head operator (its first or its
     * second input): one call per batch, the records counted in once per batch, the error policy applied per
     * record as in {@link OperatorInput}, each record's event timestamp made current, and the buffer timeout
     * checked after every record when the task's outputs are timed. When the batch carries the keys the head
     * operator's own key selector made for this input (a keyed head behind a keyBy), they are handed in with
     * each record, so the operator runs neither its key selector nor the key hash again.
     */
    static final class BatchInput {
        private final StreamOperator<Object> operator;
        private final TwoInputStreamOperator<Object, Object> second; // set when this feeds the second input
        private final RecordErrors errors;
        private final OperatorMetrics metrics;
        private final RecordTimestamp timestamp;
        private final KeySelector<?, ?> keySelector; // the head's for this input; null: it takes no carried keys

        @SuppressWarnings("unchecked")
        BatchInput(StreamOperator<Object> operator, boolean secondInput, RecordErrors errors, OperatorMetrics metrics,
                   RecordTimestamp timestamp) {
            this.operator = operator;
            this.second = secondInput ? (TwoInputStreamOperator<Object, Object>) operator : null;
            this.errors = errors;
            this.metrics = metrics;
            this.timestamp = timestamp;
            this.keySelector = operator instanceof KeyedOperator keyed && keyed.isKeyed()
                    ? keyed.keySelectorOf(secondInput ? 1 : 0) : null;
        }

        /** Processes every record of {@code batch}; {@code flusher} is null when no output is timed. */
        void process(RecordBatch batch, OutputFlusher flusher) {
            Object[] records = batch.records;
            long[] timestamps = batch.timestamps;
            Object[] keys = keySelector != null && batch.keyedBy == keySelector ? batch.keys : null;
            int[] keyGroups = batch.keyGroups;
            int n = batch.size;
            if (timestamps == null) {
                timestamp.set(RecordTimestamp.NO_TIMESTAMP);
            }
            int i = 0;
            try {
                for (; i < n; i++) {
                    if (timestamps != null) {
                        timestamp.set(timestamps[i]);
                    }
                    Object record = records[i];
                    try {
                        if (keys != null) {
                            if (second == null) {
                                operator.processElement(record, keys[i], keyGroups[i]);
                            } else {
                                second.processElement2(record, keys[i], keyGroups[i]);
                            }
                        } else if (second == null) {
                            operator.processElement(record);
                        } else {
                            second.processElement2(record);
                        }
                    } catch (Exception e) {
                        errors.onRecordFailure(record, e);
                    }
                    if (flusher != null) {
                        flusher.flushIfDue(); // per record: one batch of slow records can outlast the timeout
                    }
                }
            } finally {
                metrics.countIn(i < n ? i + 1 : n); // a record that failed the task counts as in, as one skipped
            }
        }
    }

    /** Records to one output, watermarks and statuses to another (which also reaches the side streams). */
    private static final class SplitOutput implements Output<Object> {
        private final Output<Object> records;
        private final Output<Object> watermarks;

        SplitOutput(Output<Object> records, Output<Object> watermarks) {
            this.records = records;
            this.watermarks = watermarks;
        }

        @Override
        public void collect(Object record) {
            records.collect(record);
        }

        @Override
        public void emitWatermark(long watermark) {
            watermarks.emitWatermark(watermark);
        }

        @Override
        public void emitWatermarkStatus(boolean idle) {
            watermarks.emitWatermarkStatus(idle);
        }
    }

    /** The output of an operator that nothing consumes: counts the records it drops. */
    private static final class Discard implements Output<Object> {
        private final OperatorMetrics metrics;

        Discard(OperatorMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public void collect(Object record) {
            metrics.countOut();
        }

        @Override
        public void emitWatermark(long watermark) {
        }

        @Override
        public void emitWatermarkStatus(boolean idle) {
        }
    }
}
