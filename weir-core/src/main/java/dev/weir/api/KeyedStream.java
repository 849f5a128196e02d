package dev.weir.api;

import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.graph.Transformation;
import dev.weir.runtime.FunctionCopies;
import dev.weir.runtime.operators.KeyedProcessOperator;
import dev.weir.runtime.operators.RunningAggregates;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A stream partitioned by key (see {@link DataStream#keyBy}). Operators applied here have keyed
 * state: each record sees the state of its own key. The aggregations ({@link #reduce},
 * {@link #sum}, {@link #count}) are rolling: they emit the updated value after every record.
 */
public final class KeyedStream<T, K> extends DataStream<T> {
    private final KeySelector<T, K> keySelector;

    KeyedStream(StreamEnvironment env, List<Transformation.Input> inputs, KeySelector<T, K> keySelector) {
        super(env, inputs);
        this.keySelector = keySelector;
    }

    public KeySelector<T, K> getKeySelector() {
        return keySelector;
    }

    /** Runs {@code function} with keyed state and timers. */
    public <R> OperatorStream<R> process(KeyedProcessFunction<K, T, R> function) {
        Objects.requireNonNull(function, "function");
        OperatorStream<R> stream = keyed("KeyedProcess", () -> FunctionCopies.perSubtaskCopy(function));
        stream.transformation.setUserFunction(function);
        return stream;
    }

    /** Rolling reduce per key: emits the reduced value after every record. */
    public OperatorStream<T> reduce(ReduceFunction<T> reducer) {
        Objects.requireNonNull(reducer, "reducer");
        return keyed("Reduce", () -> new RunningAggregates.Reduce<>(FunctionCopies.perSubtaskCopy(reducer)));
    }

    /** Rolling sum of {@code field} per key: emits (key, sum so far) after every record. */
    public OperatorStream<KeyValue<K, Long>> sum(ToLongFunction<T> field) {
        Objects.requireNonNull(field, "field");
        return keyed("Sum", () -> new RunningAggregates.Sum<>(field, "sum"));
    }

    /** Rolling count per key: emits (key, records so far) after every record. */
    public OperatorStream<KeyValue<K, Long>> count() {
        return keyed("Count", () -> new RunningAggregates.Sum<K, T>(record -> 1L, "count"));
    }

    /** Adds a keyed operator; {@code perSubtask} makes each subtask's own function instance. */
    private <R> OperatorStream<R> keyed(String name, Supplier<KeyedProcessFunction<K, T, R>> perSubtask) {
        return env.addOperator(Transformation.Kind.KEYED_OPERATOR, name, inputs,
                () -> new KeyedProcessOperator<>(keySelector, perSubtask.get()));
    }
}
