package dev.weir.api;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Partitioning;
import dev.weir.api.dag.Transformation;
import dev.weir.api.functions.CoFlatMapFunction;
import dev.weir.api.functions.CoMapFunction;
import dev.weir.api.functions.CoProcessFunction;
import dev.weir.api.functions.Function;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.KeyedCoProcessFunction;
import dev.weir.api.typeinfo.TypeExtractor;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Two streams, possibly of different types, that one operator reads together
 * ({@link DataStream#connect}): {@link #map}, {@link #flatMap} and {@link #process} give the operator a
 * function with one method per input. The operator runs in a task of its own (its inputs come over
 * channels); its watermark is the minimum of the two inputs' watermarks, an idle input left out, and a
 * checkpoint's barriers are aligned across both inputs, so its state is exactly-once as for one input.
 * It ends when both inputs have ended.
 *
 * <p>{@link #keyBy(KeySelector, KeySelector)} partitions both inputs by key, so that records of either
 * input with equal keys reach the same subtask; then {@link #process(KeyedCoProcessFunction)} has keyed
 * state and timers shared by both inputs, and rich functions given to {@code map}, {@code flatMap} or
 * {@code process(CoProcessFunction)} see the keyed state of each record's key.
 *
 * @param <IN1> type of the first input
 * @param <IN2> type of the second input
 */
public class ConnectedStreams<IN1, IN2> {
    private final StreamExecutionEnvironment env;
    private final DataStream<IN1> first;
    private final DataStream<IN2> second;
    private final KeySelector<IN1, ?> keySelector1;
    private final KeySelector<IN2, ?> keySelector2;
    private final TypeInformation<?> keyType;

    /** Two keyed streams connect keyed by their key selectors (as in Flink); other streams unkeyed. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <IN1, IN2> ConnectedStreams<IN1, IN2> of(StreamExecutionEnvironment env, DataStream<IN1> first,
                                                   DataStream<IN2> second) {
        ConnectedStreams<IN1, IN2> connected = new ConnectedStreams<>(env, first, second, null, null, null);
        if (first instanceof KeyedStream<IN1, ?> keyed1 && second instanceof KeyedStream<IN2, ?> keyed2) {
            return connected.keyBy((KeySelector) keyed1.getKeySelector(), (KeySelector) keyed2.getKeySelector(),
                    (TypeInformation) keyed1.knownKeyTypeOrNull());
        }
        return connected;
    }

    private ConnectedStreams(StreamExecutionEnvironment env, DataStream<IN1> first, DataStream<IN2> second,
                             KeySelector<IN1, ?> keySelector1, KeySelector<IN2, ?> keySelector2,
                             TypeInformation<?> keyType) {
        if (first.env != env || second.env != env) {
            throw new IllegalArgumentException("cannot connect streams of different environments");
        }
        this.env = env;
        this.first = first;
        this.second = second;
        this.keySelector1 = keySelector1;
        this.keySelector2 = keySelector2;
        this.keyType = keyType;
    }

    public StreamExecutionEnvironment getExecutionEnvironment() {
        return env;
    }

    public DataStream<IN1> getFirstInput() {
        return first;
    }

    public DataStream<IN2> getSecondInput() {
        return second;
    }

    /** The type of the first input's records (see {@link DataStream#getType()}). */
    public TypeInformation<IN1> getType1() {
        return first.getType();
    }

    /** The type of the second input's records (see {@link DataStream#getType()}). */
    public TypeInformation<IN2> getType2() {
        return second.getType();
    }

    /**
     * Partitions both inputs by key: records of the first input by {@code keySelector1}, of the second by
     * {@code keySelector2}; equal keys (by {@code equals}) of either input reach the same subtask.
     */
    public <KEY> ConnectedStreams<IN1, IN2> keyBy(KeySelector<IN1, KEY> keySelector1,
                                                  KeySelector<IN2, KEY> keySelector2) {
        Objects.requireNonNull(keySelector1, "keySelector1");
        Objects.requireNonNull(keySelector2, "keySelector2");
        @SuppressWarnings("unchecked")
        TypeInformation<KEY> type = (TypeInformation<KEY>) TypeExtractor.getForFunction(keySelector1, KeySelector.class, 1);
        return keyBy(keySelector1, keySelector2, type);
    }

    /** As {@link #keyBy(KeySelector, KeySelector)}, with the type of the keys given (for lambdas). */
    public <KEY> ConnectedStreams<IN1, IN2> keyBy(KeySelector<IN1, KEY> keySelector1,
                                                  KeySelector<IN2, KEY> keySelector2, TypeInformation<KEY> keyType) {
        Objects.requireNonNull(keySelector1, "keySelector1");
        Objects.requireNonNull(keySelector2, "keySelector2");
        if (keyType != null && !keyType.isKeyType()) {
            throw new IllegalArgumentException("type " + keyType + " cannot be a key: keys are compared with equals "
                    + "and hashCode, which it does not define by value");
        }
        DataStream<IN1> keyed1 = new DataStream<>(env, first.repartition(new Partitioning.Hash(keySelector1)));
        DataStream<IN2> keyed2 = new DataStream<>(env, second.repartition(new Partitioning.Hash(keySelector2)));
        return new ConnectedStreams<>(env, keyed1, keyed2, keySelector1, keySelector2, keyType);
    }

    /** Applies {@code mapper}: {@code map1} to each record of the first input, {@code map2} to the second's. */
    public <R> SingleOutputStreamOperator<R> map(CoMapFunction<IN1, IN2, R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return this.<R>add("Co-Map", mapper).inferType(TypeExtractor.getForFunction(mapper, CoMapFunction.class, 2));
    }

    /** As {@link #map(CoMapFunction)}, with the output type given. */
    public <R> SingleOutputStreamOperator<R> map(CoMapFunction<IN1, IN2, R> mapper, TypeInformation<R> outputType) {
        return map(mapper).returns(outputType);
    }

    /** Applies {@code flatMapper}: {@code flatMap1} to each record of the first input, {@code flatMap2} to the second's. */
    public <R> SingleOutputStreamOperator<R> flatMap(CoFlatMapFunction<IN1, IN2, R> flatMapper) {
        Objects.requireNonNull(flatMapper, "flatMapper");
        return this.<R>add("Co-Flat Map", flatMapper)
                .inferType(TypeExtractor.getForFunction(flatMapper, CoFlatMapFunction.class, 2));
    }

    /** As {@link #flatMap(CoFlatMapFunction)}, with the output type given. */
    public <R> SingleOutputStreamOperator<R> flatMap(CoFlatMapFunction<IN1, IN2, R> flatMapper,
                                                     TypeInformation<R> outputType) {
        return flatMap(flatMapper).returns(outputType);
    }

    /**
     * Runs {@code function} over both inputs. On non-keyed connected streams it has no timers; after
     * {@link #keyBy(KeySelector, KeySelector)} it sees keyed state, but use a {@link KeyedCoProcessFunction}
     * for timers and the current key.
     */
    public <R> SingleOutputStreamOperator<R> process(CoProcessFunction<IN1, IN2, R> function) {
        Objects.requireNonNull(function, "function");
        return this.<R>add("Co-Process", function)
                .inferType(TypeExtractor.getForFunction(function, CoProcessFunction.class, 2));
    }

    /** As {@link #process(CoProcessFunction)}, with the output type given. */
    public <R> SingleOutputStreamOperator<R> process(CoProcessFunction<IN1, IN2, R> function,
                                                     TypeInformation<R> outputType) {
        return process(function).returns(outputType);
    }

    /**
     * Runs {@code function} over both inputs with keyed state and timers shared by them; needs
     * {@link #keyBy(KeySelector, KeySelector)} first.
     *
     * @throws UnsupportedOperationException on connected streams that are not keyed
     */
    public <K, R> SingleOutputStreamOperator<R> process(KeyedCoProcessFunction<K, IN1, IN2, R> function) {
        Objects.requireNonNull(function, "function");
        if (keySelector1 == null) {
            throw new UnsupportedOperationException("a KeyedCoProcessFunction (" + function.getClass().getName()
                    + ") needs keyed connected streams: call keyBy(keySelector1, keySelector2) after connect(..)");
        }
        SingleOutputStreamOperator<R> op = env.addOperator(Transformation.Kind.KEYED_OPERATOR, "Keyed Co-Process",
                inputs(), new Operation.KeyedCoProcess(keySelector1, keySelector2, function));
        op.transformation.setKeyType(keyType);
        return op.inferType(TypeExtractor.getForFunction(function, KeyedCoProcessFunction.class, 3));
    }

    /** As {@link #process(KeyedCoProcessFunction)}, with the output type given. */
    public <K, R> SingleOutputStreamOperator<R> process(KeyedCoProcessFunction<K, IN1, IN2, R> function,
                                                        TypeInformation<R> outputType) {
        return process(function).returns(outputType);
    }

    /** The interval join of two keyed streams ({@link KeyedStream.IntervalJoined#process}), on the keyed two-input path. */
    <R> SingleOutputStreamOperator<R> intervalJoin(long lowerBound, long upperBound, OutputTag<IN1> leftLateTag,
                                                  OutputTag<IN2> rightLateTag,
                                                  dev.weir.api.functions.ProcessJoinFunction<IN1, IN2, R> function) {
        Operation.IntervalJoin operation = new Operation.IntervalJoin(keySelector1, keySelector2, lowerBound,
                upperBound, first.knownType(), second.knownType(), leftLateTag, rightLateTag, function);
        SingleOutputStreamOperator<R> op = env.addOperator(Transformation.Kind.KEYED_OPERATOR, "Interval Join",
                inputs(), operation);
        op.transformation.setKeyType(keyType);
        return op;
    }

    private <R> SingleOutputStreamOperator<R> add(String name, Function function) {
        boolean keyed = keySelector1 != null;
        SingleOutputStreamOperator<R> op = env.addOperator(keyed ? Transformation.Kind.KEYED_OPERATOR
                : Transformation.Kind.OPERATOR, name, inputs(), new Operation.CoOperation(function, keySelector1,
                keySelector2));
        if (keyed) {
            op.transformation.setKeyType(keyType);
        }
        return op;
    }

    /** The first input's nodes as input 0, the second's as input 1 (each may be a union of several). */
    private List<Transformation.Input> inputs() {
        List<Transformation.Input> inputs = new ArrayList<>();
        first.inputs.forEach(in -> inputs.add(in.asInput(0)));
        second.inputs.forEach(in -> inputs.add(in.asInput(1)));
        return inputs;
    }
}
