package dev.weir.api;

import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * A stream partitioned by key (see {@link DataStream#keyBy}). Operators applied here have keyed
 * state: each record sees the state of its own key. The aggregations ({@link #reduce},
 * {@link #sum}, {@link #count}) are rolling: they emit the updated value after every record.
 */
public final class KeyedStream<T, K> extends DataStream<T> {
    private final KeySelector<T, K> keySelector;

    KeyedStream(StreamExecutionEnvironment env, List<Transformation.Input> inputs, KeySelector<T, K> keySelector) {
        super(env, inputs);
        this.keySelector = keySelector;
    }

    public KeySelector<T, K> getKeySelector() {
        return keySelector;
    }

    /** Runs {@code function} with keyed state and timers. */
    public <R> SingleOutputStreamOperator<R> process(KeyedProcessFunction<K, T, R> function) {
        Objects.requireNonNull(function, "function");
        return keyed("KeyedProcess", new Operation.KeyedProcess(keySelector, function));
    }

    /** Rolling reduce per key: emits the reduced value after every record. */
    public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> reducer) {
        Objects.requireNonNull(reducer, "reducer");
        return keyed("Reduce", new Operation.RollingReduce(keySelector, reducer));
    }

    /** Rolling sum of {@code field} per key: emits (key, sum so far) after every record. */
    public SingleOutputStreamOperator<KeyValue<K, Long>> sum(ToLongFunction<T> field) {
        Objects.requireNonNull(field, "field");
        return keyed("Sum", new Operation.RollingSum(keySelector, field, "sum"));
    }

    /** Rolling count per key: emits (key, records so far) after every record. */
    public SingleOutputStreamOperator<KeyValue<K, Long>> count() {
        ToLongFunction<T> one = record -> 1L;
        return keyed("Count", new Operation.RollingSum(keySelector, one, "count"));
    }

    private <R> SingleOutputStreamOperator<R> keyed(String name, Operation operation) {
        return env.addOperator(Transformation.Kind.KEYED_OPERATOR, name, inputs, operation);
    }
}
