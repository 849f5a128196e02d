package dev.weir.api;

import dev.weir.api.functions.FilterFunction;
import dev.weir.api.functions.FlatMapFunction;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.functions.RichFunction;
import dev.weir.api.functions.aggregation.AggregationFunction;
import dev.weir.api.functions.aggregation.ComparableAggregator;
import dev.weir.api.functions.aggregation.SumAggregator;
import dev.weir.api.dag.Operation;
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
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * A stream partitioned by key (see {@link DataStream#keyBy}). Operators applied here have keyed
 * state: each record sees the state of its own key. The aggregations are rolling: they emit the
 * updated value after every record.
 *
 * <p>Field aggregations as in Flink: {@link #sum(int)}, {@link #min(int)} and {@link #max(int)}
 * emit a copy of the key's first record in which only the aggregated field changes;
 * {@link #minBy(int)} and {@link #maxBy(int)} emit the whole record that holds the extreme. A field is
 * a tuple position, or a field name of a POJO, record or tuple ({@code "f1"}); a field the stream's
 * type does not have fails where the aggregation is defined, naming the type and its fields, if the
 * type is known there (see {@link DataStream#getType()}), else at the first record.
 *
 * <p>Weir's own additions: {@link #sum(ToLongFunction)} and {@link #count()}, which emit
 * {@code (key, total)} as a {@link KeyValue}.
 */
public final class KeyedStream<T, K> extends DataStream<T> {
    private final KeySelector<T, K> keySelector;
    private final TypeInformation<K> keyType;

    KeyedStream(StreamExecutionEnvironment env, List<Transformation.Input> inputs, KeySelector<T, K> keySelector,
                TypeInformation<K> keyType) {
        super(env, inputs);
        this.keySelector = keySelector;
        this.keyType = keyType;
    }

    public KeySelector<T, K> getKeySelector() {
        return keySelector;
    }

    /**
     * The type of the keys: as given to {@code keyBy(selector, keyType)}, or found from a key selector
     * written as a class.
     *
     * @throws IllegalStateException for a lambda key selector without a given key type
     */
    @SuppressWarnings("unchecked")
    public TypeInformation<K> getKeyType() {
        TypeInformation<K> type = knownKeyType();
        if (type == null) {
            throw new IllegalStateException("the key type of this keyed stream is not known (a lambda's generic types "
                    + "are erased): give it with keyBy(selector, keyType)");
        }
        return type;
    }

    /** The key type where known, else null. */
    TypeInformation<K> knownKeyTypeOrNull() {
        return knownKeyType();
    }

    @SuppressWarnings("unchecked")
    private TypeInformation<K> knownKeyType() {
        return keyType != null ? keyType
                : (TypeInformation<K>) TypeExtractor.getForFunction(keySelector, KeySelector.class, 1);
    }

    /**
     * As {@link DataStream#map}; a {@link RichFunction} runs in the context of each record's key, so
     * it may use keyed state ({@code getRuntimeContext().getState(..)}).
     */
    @Override
    public <R> SingleOutputStreamOperator<R> map(MapFunction<T, R> mapper) {
        if (!(mapper instanceof RichFunction)) {
            return super.map(mapper);
        }
        SingleOutputStreamOperator<R> op = keyed("Map", new Operation.OnKeyedStream(keySelector, new Operation.Map(mapper)));
        return op.inferType(TypeExtractor.getForFunction(mapper, MapFunction.class, 1));
    }

    /** As {@link DataStream#flatMap}; a {@link RichFunction} may use keyed state (see {@link #map}). */
    @Override
    public <R> SingleOutputStreamOperator<R> flatMap(FlatMapFunction<T, R> flatMapper) {
        if (!(flatMapper instanceof RichFunction)) {
            return super.flatMap(flatMapper);
        }
        SingleOutputStreamOperator<R> op = keyed("FlatMap",
                new Operation.OnKeyedStream(keySelector, new Operation.FlatMap(flatMapper)));
        return op.inferType(TypeExtractor.getForFunction(flatMapper, FlatMapFunction.class, 1));
    }

    /** As {@link DataStream#filter}; a {@link RichFunction} may use keyed state (see {@link #map}). */
    @Override
    public SingleOutputStreamOperator<T> filter(FilterFunction<T> filter) {
        if (!(filter instanceof RichFunction)) {
            return super.filter(filter);
        }
        SingleOutputStreamOperator<T> op = keyed("Filter",
                new Operation.OnKeyedStream(keySelector, new Operation.Filter(filter)));
        return op.inferType(knownType());
    }

    /** Runs {@code function} with keyed state and timers. */
    public <R> SingleOutputStreamOperator<R> process(KeyedProcessFunction<K, T, R> function) {
        Objects.requireNonNull(function, "function");
        SingleOutputStreamOperator<R> op = keyed("KeyedProcess", new Operation.KeyedProcess(keySelector, function));
        return op.inferType(TypeExtractor.getForFunction(function, KeyedProcessFunction.class, 2));
    }

    /** As {@link #process(KeyedProcessFunction)}, with the output type given. */
    public <R> SingleOutputStreamOperator<R> process(KeyedProcessFunction<K, T, R> function, TypeInformation<R> outputType) {
        return process(function).returns(outputType);
    }

    /** Rolling reduce per key: emits the reduced value after every record. */
    public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> reducer) {
        Objects.requireNonNull(reducer, "reducer");
        SingleOutputStreamOperator<T> op = keyed("Reduce", new Operation.RollingReduce(keySelector, reducer));
        return op.inferType(knownType());
    }

    /** Rolling sum of tuple field {@code positionToSum} (0 for a stream of numbers). */
    public SingleOutputStreamOperator<T> sum(int positionToSum) {
        return aggregate(new SumAggregator<>(positionToSum, knownType()));
    }

    /** Rolling sum of the field named {@code field} (a POJO's or record's field, or {@code "f1"} of a tuple). */
    public SingleOutputStreamOperator<T> sum(String field) {
        return aggregate(new SumAggregator<>(field, knownType()));
    }

    /** Rolling minimum of tuple field {@code positionToMin}, in a copy of the key's first record. */
    public SingleOutputStreamOperator<T> min(int positionToMin) {
        return aggregate(new ComparableAggregator<>(positionToMin, knownType(),
                AggregationFunction.AggregationType.MIN, false));
    }

    /** Rolling minimum of the named field, in a copy of the key's first record. */
    public SingleOutputStreamOperator<T> min(String field) {
        return aggregate(new ComparableAggregator<>(field, knownType(), AggregationFunction.AggregationType.MIN, false));
    }

    /** Rolling maximum of tuple field {@code positionToMax}, in a copy of the key's first record. */
    public SingleOutputStreamOperator<T> max(int positionToMax) {
        return aggregate(new ComparableAggregator<>(positionToMax, knownType(),
                AggregationFunction.AggregationType.MAX, false));
    }

    /** Rolling maximum of the named field, in a copy of the key's first record. */
    public SingleOutputStreamOperator<T> max(String field) {
        return aggregate(new ComparableAggregator<>(field, knownType(), AggregationFunction.AggregationType.MAX, false));
    }

    /** The record with the smallest value of tuple field {@code positionToMinBy} so far; on a tie the first. */
    public SingleOutputStreamOperator<T> minBy(int positionToMinBy) {
        return minBy(positionToMinBy, true);
    }

    /** The record with the smallest value of the named field so far; on a tie the first. */
    public SingleOutputStreamOperator<T> minBy(String field) {
        return minBy(field, true);
    }

    /** The record with the smallest value of tuple field {@code positionToMinBy}; on a tie the first if {@code first}, else the last. */
    public SingleOutputStreamOperator<T> minBy(int positionToMinBy, boolean first) {
        return aggregate(new ComparableAggregator<>(positionToMinBy, knownType(),
                AggregationFunction.AggregationType.MINBY, first));
    }

    /** The record with the smallest value of the named field; on a tie the first if {@code first}, else the last. */
    public SingleOutputStreamOperator<T> minBy(String field, boolean first) {
        return aggregate(new ComparableAggregator<>(field, knownType(), AggregationFunction.AggregationType.MINBY, first));
    }

    /** The record with the largest value of tuple field {@code positionToMaxBy} so far; on a tie the first. */
    public SingleOutputStreamOperator<T> maxBy(int positionToMaxBy) {
        return maxBy(positionToMaxBy, true);
    }

    /** The record with the largest value of the named field so far; on a tie the first. */
    public SingleOutputStreamOperator<T> maxBy(String field) {
        return maxBy(field, true);
    }

    /** The record with the largest value of tuple field {@code positionToMaxBy}; on a tie the first if {@code first}, else the last. */
    public SingleOutputStreamOperator<T> maxBy(int positionToMaxBy, boolean first) {
        return aggregate(new ComparableAggregator<>(positionToMaxBy, knownType(),
                AggregationFunction.AggregationType.MAXBY, first));
    }

    /** The record with the largest value of the named field; on a tie the first if {@code first}, else the last. */
    public SingleOutputStreamOperator<T> maxBy(String field, boolean first) {
        return aggregate(new ComparableAggregator<>(field, knownType(), AggregationFunction.AggregationType.MAXBY, first));
    }

    private SingleOutputStreamOperator<T> aggregate(AggregationFunction<T> aggregation) {
        SingleOutputStreamOperator<T> op = keyed("Keyed Aggregation", new Operation.RollingReduce(keySelector, aggregation));
        return op.inferType(knownType());
    }

    /**
     * Weir: rolling sum of {@code field} per key: emits (key, sum so far) after every record. (Flink
     * has no such method; its {@code sum} takes a field position or name, see {@link #sum(int)}.)
     */
    public SingleOutputStreamOperator<KeyValue<K, Long>> sum(ToLongFunction<T> field) {
        Objects.requireNonNull(field, "field");
        return keyed("Sum", new Operation.RollingSum(keySelector, field, "sum"));
    }

    /** Weir: rolling count per key: emits (key, records so far) after every record. */
    public SingleOutputStreamOperator<KeyValue<K, Long>> count() {
        ToLongFunction<T> one = record -> 1L;
        return keyed("Count", new Operation.RollingSum(keySelector, one, "count"));
    }

    /**
     * Groups each key's records into the windows {@code assigner} gives them; finish with
     * {@code reduce}, {@code aggregate}, {@code apply} or {@code process} on the result.
     */
    public <W extends Window> WindowedStream<T, K, W> window(WindowAssigner<? super T, W> assigner) {
        return new WindowedStream<>(this, assigner);
    }

    /** Windows of {@code size} records per key: each fires and starts over once it holds {@code size} records. */
    public WindowedStream<T, K, GlobalWindow> countWindow(long size) {
        return window(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(size)));
    }

    /**
     * Sliding windows of the last {@code size} records per key, one every {@code slide} records (kept as records,
     * as the oldest must leave the window: an evictor does that).
     */
    public WindowedStream<T, K, GlobalWindow> countWindow(long size, long slide) {
        return window(GlobalWindows.create()).evictor(CountEvictor.of(size)).trigger(CountTrigger.of(slide));
    }

    <R> SingleOutputStreamOperator<R> keyed(String name, Operation operation) {
        SingleOutputStreamOperator<R> op = env.addOperator(Transformation.Kind.KEYED_OPERATOR, name, inputs, operation);
        op.transformation.setKeyType(knownKeyType());
        return op;
    }
}
