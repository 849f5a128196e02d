package dev.weir.api;

import dev.weir.api.connector.Sink;
import dev.weir.api.functions.FilterFunction;
import dev.weir.api.functions.FlatMapFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.ProcessFunction;
import dev.weir.connector.PrintSink;
import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Partitioning;
import dev.weir.api.dag.Transformation;
import dev.weir.api.typeinfo.TypeExtractor;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.windowing.assigners.GlobalWindows;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.evictors.CountEvictor;
import dev.weir.api.windowing.triggers.CountTrigger;
import dev.weir.api.windowing.triggers.PurgingTrigger;
import dev.weir.api.windowing.windows.GlobalWindow;
import dev.weir.api.windowing.windows.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import dev.weir.api.eventtime.WatermarkStrategy;

/**
 * A stream of records of type {@code T}. Each method adds an operator to the job and returns the
 * stream it produces; nothing runs until {@link StreamExecutionEnvironment#execute()}.
 *
 * <p>Operators connected one-to-one with equal parallelism run fused in one task (chained); the
 * partitioning methods ({@link #keyBy}, {@link #rebalance}, {@link #broadcast}) put a channel
 * between them. Records are passed by reference: never change a record after emitting it.
 */
public class DataStream<T> {
    final StreamExecutionEnvironment env;
    final List<Transformation.Input> inputs;

    DataStream(StreamExecutionEnvironment env, List<Transformation.Input> inputs) {
        this.env = env;
        this.inputs = List.copyOf(inputs);
    }

    public StreamExecutionEnvironment getExecutionEnvironment() {
        return env;
    }

    /**
     * The type of this stream's records, where Weir knows it: declared with
     * {@link SingleOutputStreamOperator#returns returns(..)}, found from the generic signature of a
     * function written as a class (not a lambda: Java erases a lambda's generic types), or given by
     * the source ({@code fromSequence}, {@code readTextFile}, {@code fromData}). Records are passed by
     * reference, so nothing needs the type to run; it lets field aggregations check their fields when
     * the job is defined and declares POJO classes that the job keeps in state.
     *
     * @throws IllegalStateException if the type is not known, saying to add {@code returns(..)}
     */
    public TypeInformation<T> getType() {
        TypeInformation<T> type = knownType();
        if (type == null) {
            throw new IllegalStateException("the type of the records of " + inputs.get(0).from() + " is not known "
                    + "(a lambda's generic output type is erased): declare it with returns(..) on that operator");
        }
        return type;
    }

    /** The type of this stream's records, or null where it is not known (see {@link #getType()}). */
    @SuppressWarnings("unchecked")
    TypeInformation<T> knownType() {
        return inputs.isEmpty() ? null : (TypeInformation<T>) inputs.get(0).from().outputType();
    }

    public <R> SingleOutputStreamOperator<R> map(MapFunction<T, R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        SingleOutputStreamOperator<R> op = env.addOperator(Transformation.Kind.OPERATOR, "Map", inputs, new Operation.Map(mapper));
        return op.inferType(TypeExtractor.getForFunction(mapper, MapFunction.class, 1));
    }

    public <R> SingleOutputStreamOperator<R> flatMap(FlatMapFunction<T, R> flatMapper) {
        Objects.requireNonNull(flatMapper, "flatMapper");
        SingleOutputStreamOperator<R> op = env.addOperator(Transformation.Kind.OPERATOR, "FlatMap", inputs,
                new Operation.FlatMap(flatMapper));
        return op.inferType(TypeExtractor.getForFunction(flatMapper, FlatMapFunction.class, 1));
    }

    /** As {@link #map(MapFunction)}, with the output type given (Flink's overload; same as {@code returns}). */
    public <R> SingleOutputStreamOperator<R> map(MapFunction<T, R> mapper, TypeInformation<R> outputType) {
        return map(mapper).returns(outputType);
    }

    /** As {@link #flatMap(FlatMapFunction)}, with the output type given. */
    public <R> SingleOutputStreamOperator<R> flatMap(FlatMapFunction<T, R> flatMapper, TypeInformation<R> outputType) {
        return flatMap(flatMapper).returns(outputType);
    }

    public SingleOutputStreamOperator<T> filter(FilterFunction<T> filter) {
        Objects.requireNonNull(filter, "filter");
        SingleOutputStreamOperator<T> op = env.addOperator(Transformation.Kind.OPERATOR, "Filter", inputs,
                new Operation.Filter(filter));
        return op.inferType(knownType());
    }

    public <R> SingleOutputStreamOperator<R> process(ProcessFunction<T, R> function) {
        Objects.requireNonNull(function, "function");
        SingleOutputStreamOperator<R> op = env.addOperator(Transformation.Kind.OPERATOR, "Process", inputs,
                new Operation.Process(function));
        return op.inferType(TypeExtractor.getForFunction(function, ProcessFunction.class, 1));
    }

    /** As {@link #process(ProcessFunction)}, with the output type given. */
    public <R> SingleOutputStreamOperator<R> process(ProcessFunction<T, R> function, TypeInformation<R> outputType) {
        return process(function).returns(outputType);
    }

    /**
     * Gives the records event timestamps and the stream watermarks, from {@code watermarkStrategy}:
     * one timestamp assigner and one watermark generator per subtask (periodic watermarks every
     * {@code getConfig().getAutoWatermarkInterval()} ms). The watermarks of the input stream are
     * replaced (only the final one of a bounded input passes). Runs chained to its input. For a
     * source, prefer {@code fromSource(source, strategy, name)}: there each split gets its own
     * generator.
     */
    public SingleOutputStreamOperator<T> assignTimestampsAndWatermarks(WatermarkStrategy<T> watermarkStrategy) {
        Objects.requireNonNull(watermarkStrategy, "watermarkStrategy");
        SingleOutputStreamOperator<T> op = env.addOperator(Transformation.Kind.OPERATOR, "Timestamps/Watermarks",
                inputs, new Operation.AssignTimestamps(watermarkStrategy));
        return op.inferType(knownType());
    }

    /**
     * Partitions the stream by key: all records with equal keys go to the same subtask of the
     * next operator, always the same one (key → key group → subtask).
     */
    public <K> KeyedStream<T, K> keyBy(KeySelector<T, K> keySelector) {
        Objects.requireNonNull(keySelector, "keySelector");
        TypeInformation<?> keyType = TypeExtractor.getForFunction(keySelector, KeySelector.class, 1);
        if (keyType != null) {
            requireKeyType(keyType);
        }
        return new KeyedStream<>(env, repartition(new Partitioning.Hash(keySelector)), keySelector, null);
    }

    /**
     * As {@link #keyBy(KeySelector)}, with the type of the keys given (for a key selector written as a
     * lambda). Keys must have value equality ({@code equals}/{@code hashCode}); a POJO key class
     * given here is declared to the engine, which then reads such keys back from checkpoints.
     */
    public <K> KeyedStream<T, K> keyBy(KeySelector<T, K> keySelector, TypeInformation<K> keyType) {
        Objects.requireNonNull(keySelector, "keySelector");
        Objects.requireNonNull(keyType, "keyType");
        requireKeyType(keyType);
        return new KeyedStream<>(env, repartition(new Partitioning.Hash(keySelector)), keySelector, keyType);
    }

    private static void requireKeyType(TypeInformation<?> keyType) {
        if (!keyType.isKeyType()) {
            throw new IllegalArgumentException("type " + keyType + " cannot be a key: keys are compared with equals "
                    + "and hashCode, which it does not define by value (an array, or a class without its own hashCode)");
        }
    }

    /**
     * Groups all records of the stream (not per key) into the windows {@code assigner} gives them, in one
     * window operator of parallelism 1; finish with {@code reduce}, {@code aggregate}, {@code apply} or
     * {@code process} on the result. For windows per key, use {@code keyBy(..).window(..)}.
     */
    public <W extends Window> AllWindowedStream<T, W> windowAll(WindowAssigner<? super T, W> assigner) {
        return new AllWindowedStream<>(this, assigner);
    }

    /** Windows of {@code size} records of the whole stream: each fires and starts over once it holds {@code size} records. */
    public AllWindowedStream<T, GlobalWindow> countWindowAll(long size) {
        return windowAll(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(size)));
    }

    /** Sliding windows of the last {@code size} records of the whole stream, one every {@code slide} records. */
    public AllWindowedStream<T, GlobalWindow> countWindowAll(long size, long slide) {
        return windowAll(GlobalWindows.create()).evictor(CountEvictor.of(size)).trigger(CountTrigger.of(slide));
    }

    /** Spreads records round-robin over the next operator's subtasks. */
    public DataStream<T> rebalance() {
        return new DataStream<>(env, repartition(new Partitioning.Rebalance()));
    }

    /** Sends subtask i's records to subtask i of the next operator (equal parallelism needed). */
    public DataStream<T> forward() {
        return new DataStream<>(env, repartition(new Partitioning.Forward()));
    }

    /** Sends every record to every subtask of the next operator. */
    public DataStream<T> broadcast() {
        return new DataStream<>(env, repartition(new Partitioning.Broadcast()));
    }

    // ---- broadcast state (issue 14) ----

    /**
     * Sends every record to every subtask of the operator that reads it, which keeps the broadcast
     * states of {@code broadcastStateDescriptors}: connect another stream to the result
     * ({@link #connect(BroadcastStream)}).
     */
    public BroadcastStream<T> broadcast(dev.weir.api.state.MapStateDescriptor<?, ?>... broadcastStateDescriptors) {
        Objects.requireNonNull(broadcastStateDescriptors, "broadcastStateDescriptors");
        return new BroadcastStream<>(broadcast(), List.of(broadcastStateDescriptors));
    }

    /**
     * Connects this stream with a broadcast stream: this stream is the operator's first input, partitioned
     * as it is (by key for a {@link KeyedStream}), the broadcast records its second, sent to every subtask
     * (see {@link BroadcastConnectedStream}).
     */
    public <R> BroadcastConnectedStream<T, R> connect(BroadcastStream<R> broadcastStream) {
        Objects.requireNonNull(broadcastStream, "broadcastStream");
        return new BroadcastConnectedStream<>(env, this, broadcastStream);
    }

    /** Merges this stream with others of the same type; no order between the streams. */
    @SafeVarargs
    public final DataStream<T> union(DataStream<T>... others) {
        List<Transformation.Input> all = new ArrayList<>(inputs);
        for (DataStream<T> other : others) {
            if (other.env != env) {
                throw new IllegalArgumentException("cannot union streams of different environments");
            }
            all.addAll(other.inputs);
        }
        return new DataStream<>(env, all);
    }

    // --- window join and coGroup (issue 14) ---

    /**
     * Starts a window join of this stream (first) with {@code otherStream} (second): continue with
     * {@code where(..).equalTo(..).window(..).apply(..)} (see {@link JoinedStreams}).
     */
    public <T2> JoinedStreams<T, T2> join(DataStream<T2> otherStream) {
        return new JoinedStreams<>(this, Objects.requireNonNull(otherStream, "otherStream"));
    }

    /**
     * Starts a window coGroup of this stream (first) with {@code otherStream} (second): continue with
     * {@code where(..).equalTo(..).window(..).apply(..)} (see {@link CoGroupedStreams}).
     */
    public <T2> CoGroupedStreams<T, T2> coGroup(DataStream<T2> otherStream) {
        return new CoGroupedStreams<>(this, Objects.requireNonNull(otherStream, "otherStream"));
    }

    // --- end window join and coGroup ---

    /**
     * Connects this stream with {@code other}, possibly of another type, so that one operator reads
     * both: this stream is its first input, {@code other} its second (see {@link ConnectedStreams}).
     */
    public <R> ConnectedStreams<T, R> connect(DataStream<R> other) {
        Objects.requireNonNull(other, "other");
        return ConnectedStreams.of(env, this, other);
    }

    /** Ends the stream in {@code sink}; each subtask writes through its own copy of it. */
    public DataStreamSink<T> sinkTo(Sink<T> sink) {
        Objects.requireNonNull(sink, "sink");
        return sinkTo(sink, "Sink");
    }

    /** Prints every record on standard output, prefixed with {@code "n> "} when parallel. */
    public DataStreamSink<T> print() {
        return sinkTo(new PrintSink<>(), "Print");
    }

    private DataStreamSink<T> sinkTo(Sink<T> sink, String name) {
        SingleOutputStreamOperator<Void> stream = env.addOperator(Transformation.Kind.SINK, name, inputs, new Operation.SinkTo(sink));
        return new DataStreamSink<>(stream.transformation);
    }

    List<Transformation.Input> repartition(Partitioning partitioning) {
        return inputs.stream().map(in -> new Transformation.Input(in.from(), partitioning)).toList();
    }
}
