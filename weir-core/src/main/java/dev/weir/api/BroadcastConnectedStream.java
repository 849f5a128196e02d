package dev.weir.api;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.api.functions.BroadcastProcessFunction;
import dev.weir.api.functions.KeyedBroadcastProcessFunction;
import dev.weir.api.typeinfo.TypeExtractor;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stream connected with a broadcast stream ({@link DataStream#connect(BroadcastStream)}), read by one
 * two-input operator: {@link #process(BroadcastProcessFunction)} for a non-keyed stream,
 * {@link #process(KeyedBroadcastProcessFunction)} for a keyed one. The broadcast records reach every
 * subtask of the operator, the others are partitioned as their stream is (by key for a keyed stream).
 * The operator's watermark is the minimum of both inputs' and barriers are aligned across both, as
 * for {@link ConnectedStreams}; its broadcast states (the descriptors of the {@link BroadcastStream})
 * are operator state of each subtask, checkpointed with it.
 *
 * @param <IN1> type of the non-broadcast input
 * @param <IN2> type of the broadcast input
 */
public class BroadcastConnectedStream<IN1, IN2> {
    private final StreamExecutionEnvironment env;
    private final DataStream<IN1> first;
    private final BroadcastStream<IN2> second;

    BroadcastConnectedStream(StreamExecutionEnvironment env, DataStream<IN1> first, BroadcastStream<IN2> second) {
        if (first.env != env || second.getEnvironment() != env) {
            throw new IllegalArgumentException("cannot connect streams of different environments");
        }
        this.env = env;
        this.first = first;
        this.second = second;
    }

    public StreamExecutionEnvironment getExecutionEnvironment() {
        return env;
    }

    public DataStream<IN1> getFirstInput() {
        return first;
    }

    public BroadcastStream<IN2> getSecondInput() {
        return second;
    }

    /** The type of the non-broadcast records (see {@link DataStream#getType()}). */
    public TypeInformation<IN1> getType1() {
        return first.getType();
    }

    /** The type of the broadcast records. */
    public TypeInformation<IN2> getType2() {
        return second.getType();
    }

    /**
     * Runs {@code function} over a keyed stream and the broadcast stream: keyed state and timers for the
     * keyed records, broadcast state for both.
     *
     * @throws IllegalArgumentException if the non-broadcast stream is not a {@link KeyedStream}
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <KEY, OUT> SingleOutputStreamOperator<OUT> process(KeyedBroadcastProcessFunction<KEY, IN1, IN2, OUT> function) {
        Objects.requireNonNull(function, "function");
        if (!(first instanceof KeyedStream<IN1, ?> keyed)) {
            throw new IllegalArgumentException("a KeyedBroadcastProcessFunction (" + function.getClass().getName()
                    + ") needs a keyed stream connected with the broadcast stream: call keyBy(..) before "
                    + "connect(broadcastStream), or use a BroadcastProcessFunction");
        }
        SingleOutputStreamOperator<OUT> op = env.addOperator(Transformation.Kind.KEYED_OPERATOR,
                "Keyed Broadcast Process", inputs(), new Operation.BroadcastProcess(function, keyed.getKeySelector(),
                        second.getBroadcastStateDescriptors()));
        op.transformation.setKeyType((TypeInformation) keyed.knownKeyTypeOrNull());
        return op.inferType(TypeExtractor.getForFunction(function, KeyedBroadcastProcessFunction.class, 3));
    }

    /** As {@link #process(KeyedBroadcastProcessFunction)}, with the output type given. */
    public <KEY, OUT> SingleOutputStreamOperator<OUT> process(KeyedBroadcastProcessFunction<KEY, IN1, IN2, OUT> function,
                                                              TypeInformation<OUT> outTypeInfo) {
        return process(function).returns(outTypeInfo);
    }

    /**
     * Runs {@code function} over a non-keyed stream and the broadcast stream: broadcast state, no keyed
     * state or timers.
     *
     * @throws IllegalArgumentException if the non-broadcast stream is a {@link KeyedStream} (use a
     *         {@link KeyedBroadcastProcessFunction})
     */
    public <OUT> SingleOutputStreamOperator<OUT> process(BroadcastProcessFunction<IN1, IN2, OUT> function) {
        Objects.requireNonNull(function, "function");
        if (first instanceof KeyedStream<IN1, ?>) {
            throw new IllegalArgumentException("a BroadcastProcessFunction (" + function.getClass().getName()
                    + ") cannot run on a keyed stream: use a KeyedBroadcastProcessFunction");
        }
        SingleOutputStreamOperator<OUT> op = env.addOperator(Transformation.Kind.OPERATOR, "Broadcast Process",
                inputs(), new Operation.BroadcastProcess(function, null, second.getBroadcastStateDescriptors()));
        return op.inferType(TypeExtractor.getForFunction(function, BroadcastProcessFunction.class, 2));
    }

    /** As {@link #process(BroadcastProcessFunction)}, with the output type given. */
    public <OUT> SingleOutputStreamOperator<OUT> process(BroadcastProcessFunction<IN1, IN2, OUT> function,
                                                         TypeInformation<OUT> outTypeInfo) {
        return process(function).returns(outTypeInfo);
    }

    /** The non-broadcast stream's nodes as input 0, the broadcast stream's as input 1. */
    private List<Transformation.Input> inputs() {
        List<Transformation.Input> inputs = new ArrayList<>();
        first.inputs.forEach(in -> inputs.add(in.asInput(0)));
        second.stream().inputs.forEach(in -> inputs.add(in.asInput(1)));
        return inputs;
    }
}
