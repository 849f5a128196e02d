package dev.weir.api;

import dev.weir.api.dag.Partitioning;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.functions.aggregation.AggregationFunction;
import dev.weir.api.functions.aggregation.ComparableAggregator;
import dev.weir.api.functions.aggregation.SumAggregator;
import dev.weir.api.functions.windowing.ProcessAllWindowFunction;
import dev.weir.api.functions.windowing.AllWindowFunction;
import dev.weir.api.typeinfo.TypeExtractor;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.evictors.Evictor;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.windows.Window;
import java.time.Duration;
import java.util.Objects;

/**
 * A non-keyed stream cut into windows ({@link DataStream#windowAll}): all records go through one window
 * operator with parallelism 1, which groups them into the windows the {@link WindowAssigner} gives them;
 * each window emits a result when its {@link Trigger} fires. See {@link WindowedStream}, whose methods these
 * are, for windows per key.
 *
 * @param <T> the type of the records
 * @param <W> the type of the windows
 */
public class AllWindowedStream<T, W extends Window> {
    private final WindowSpec<T> spec;

    /** Windows all of {@code input} with {@code windowAssigner} (as {@code input.windowAll(windowAssigner)}). */
    public AllWindowedStream(DataStream<T> input, WindowAssigner<? super T, W> windowAssigner) {
        this.spec = new WindowSpec<>(input.env, input.repartition(new Partitioning.Hash(AllWindowKey.selector())),
                AllWindowKey.<T>selector(), TypeInformation.of(Byte.class), input.knownType(), true, windowAssigner);
    }

    /** Replaces the assigner's default trigger; a merging assigner (sessions) needs one that can merge. */
    public AllWindowedStream<T, W> trigger(Trigger<? super T, ? super W> trigger) {
        spec.trigger(trigger);
        return this;
    }

    /**
     * How long after a window's end (by the watermark) it keeps its contents: a late record within this
     * time updates the window and fires it again. 0 by default; ignored for processing-time windows.
     */
    public AllWindowedStream<T, W> allowedLateness(Duration lateness) {
        spec.allowedLateness(lateness);
        return this;
    }

    /**
     * Sends records that arrive too late for all their windows (after the end plus the allowed lateness) to
     * the side output {@code outputTag} (read it with {@code getSideOutput(outputTag)} on the result)
     * instead of dropping them.
     */
    public AllWindowedStream<T, W> sideOutputLateData(OutputTag<T> outputTag) {
        spec.sideOutputLateData(outputTag);
        return this;
    }

    /**
     * Removes records from a window when it fires (see {@link Evictor}). The window then keeps all its
     * records, also with {@code reduce} and {@code aggregate}, which run over them when it fires. Not with a
     * merging assigner.
     */
    public AllWindowedStream<T, W> evictor(Evictor<? super T, ? super W> evictor) {
        spec.evictor(evictor);
        return this;
    }

    /** Emits, per window, the records reduced to one with {@code function} (not a rich function), as they arrive. */
    public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> function) {
        Objects.requireNonNull(function, "reduce function");
        return spec.build(function, null, spec.inputType(), spec.inputType());
    }

    /** Reduces each window's records with {@code reduceFunction} as they arrive, then runs {@code function} on the result. */
    public <R> SingleOutputStreamOperator<R> reduce(ReduceFunction<T> reduceFunction, AllWindowFunction<T, R, W> function) {
        Objects.requireNonNull(reduceFunction, "reduce function");
        Objects.requireNonNull(function, "window function");
        return spec.build(reduceFunction, function, spec.inputType(), TypeExtractor.getForFunction(function, AllWindowFunction.class, 1));
    }

    /** As {@link #reduce(ReduceFunction, AllWindowFunction)}, with the result type given. */
    public <R> SingleOutputStreamOperator<R> reduce(ReduceFunction<T> reduceFunction, AllWindowFunction<T, R, W> function,
                                                    TypeInformation<R> resultType) {
        return this.<R>reduce(reduceFunction, function).returns(resultType);
    }

    /**
     * Reduces each window's records with {@code reduceFunction} as they arrive (the window keeps one value),
     * then runs {@code function} on the result with the window's context.
     */
    public <R> SingleOutputStreamOperator<R> reduce(ReduceFunction<T> reduceFunction, ProcessAllWindowFunction<T, R, W> function) {
        Objects.requireNonNull(reduceFunction, "reduce function");
        Objects.requireNonNull(function, "process window function");
        return spec.build(reduceFunction, function, spec.inputType(), TypeExtractor.getForFunction(function, ProcessAllWindowFunction.class, 1));
    }

    /** As {@link #reduce(ReduceFunction, ProcessAllWindowFunction)}, with the result type given. */
    public <R> SingleOutputStreamOperator<R> reduce(ReduceFunction<T> reduceFunction, ProcessAllWindowFunction<T, R, W> function,
                                                    TypeInformation<R> resultType) {
        return this.<R>reduce(reduceFunction, function).returns(resultType);
    }

    /**
     * Emits, per window, the result of {@code function}: each record is added to the window's accumulator as it
     * arrives, so the window keeps only the accumulator. With merging windows (sessions) its {@code merge} is used.
     */
    public <ACC, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, ACC, R> function) {
        Objects.requireNonNull(function, "aggregate function");
        return spec.build(function, null, TypeExtractor.getForFunction(function, AggregateFunction.class, 1),
                TypeExtractor.getForFunction(function, AggregateFunction.class, 2));
    }

    /** As {@link #aggregate(AggregateFunction)}, with the accumulator and result types given. */
    public <ACC, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, ACC, R> function,
                                                            TypeInformation<ACC> accumulatorType,
                                                            TypeInformation<R> resultType) {
        Objects.requireNonNull(function, "aggregate function");
        Objects.requireNonNull(accumulatorType, "accumulatorType");
        return spec.<R>build(function, null, accumulatorType, null).returns(resultType);
    }

    /** Aggregates each window's records as they arrive, then runs {@code windowFunction} on the aggregate's result. */
    public <ACC, V, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, ACC, V> aggFunction, AllWindowFunction<V, R, W> windowFunction) {
        Objects.requireNonNull(aggFunction, "aggregate function");
        Objects.requireNonNull(windowFunction, "window function");
        return spec.build(aggFunction, windowFunction, TypeExtractor.getForFunction(aggFunction, AggregateFunction.class, 1),
                TypeExtractor.getForFunction(windowFunction, AllWindowFunction.class, 1));
    }

    /** As {@link #aggregate(AggregateFunction, AllWindowFunction)}, with the accumulator and result types given. */
    public <ACC, V, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, ACC, V> aggFunction, AllWindowFunction<V, R, W> windowFunction,
                                                               TypeInformation<ACC> accumulatorType,
                                                               TypeInformation<R> resultType) {
        Objects.requireNonNull(accumulatorType, "accumulatorType");
        return spec.<R>build(aggFunction, windowFunction, accumulatorType, null).returns(resultType);
    }

    /**
     * Aggregates each window's records as they arrive (the window keeps only the accumulator), then runs
     * {@code windowFunction} on the aggregate's result with the window's context.
     */
    public <ACC, V, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, ACC, V> aggFunction, ProcessAllWindowFunction<V, R, W> windowFunction) {
        Objects.requireNonNull(aggFunction, "aggregate function");
        Objects.requireNonNull(windowFunction, "process window function");
        return spec.build(aggFunction, windowFunction, TypeExtractor.getForFunction(aggFunction, AggregateFunction.class, 1),
                TypeExtractor.getForFunction(windowFunction, ProcessAllWindowFunction.class, 1));
    }

    /** As {@link #aggregate(AggregateFunction, ProcessAllWindowFunction)}, with the accumulator, aggregate and result types given. */
    public <ACC, V, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, ACC, V> aggFunction, ProcessAllWindowFunction<V, R, W> windowFunction,
                                                               TypeInformation<ACC> accumulatorType,
                                                               TypeInformation<V> aggregateResultType,
                                                               TypeInformation<R> resultType) {
        Objects.requireNonNull(accumulatorType, "accumulatorType");
        return spec.<R>build(aggFunction, windowFunction, accumulatorType, null).returns(resultType);
    }

    /** Runs {@code function} on all records of each window when it fires (the window keeps its records). */
    public <R> SingleOutputStreamOperator<R> apply(AllWindowFunction<T, R, W> function) {
        Objects.requireNonNull(function, "window function");
        return spec.build(null, function, spec.inputType(), TypeExtractor.getForFunction(function, AllWindowFunction.class, 1));
    }

    /** As {@link #apply(AllWindowFunction)}, with the result type given. */
    public <R> SingleOutputStreamOperator<R> apply(AllWindowFunction<T, R, W> function, TypeInformation<R> resultType) {
        return this.<R>apply(function).returns(resultType);
    }

    /**
     * Runs {@code function} on all records of each window when it fires, with the window's context (the
     * window keeps its records; to keep only an accumulator, give a reduce or aggregate function with it).
     */
    public <R> SingleOutputStreamOperator<R> process(ProcessAllWindowFunction<T, R, W> function) {
        Objects.requireNonNull(function, "process window function");
        return spec.build(null, function, spec.inputType(), TypeExtractor.getForFunction(function, ProcessAllWindowFunction.class, 1));
    }

    /** As {@link #process(ProcessAllWindowFunction)}, with the result type given. */
    public <R> SingleOutputStreamOperator<R> process(ProcessAllWindowFunction<T, R, W> function, TypeInformation<R> resultType) {
        return this.<R>process(function).returns(resultType);
    }

    /** Per window, the sum of tuple field {@code positionToSum} in a copy of the window's first record. */
    public SingleOutputStreamOperator<T> sum(int positionToSum) {
        return aggregation(new SumAggregator<>(positionToSum, spec.inputType()));
    }

    /** Per window, the sum of the named field in a copy of the window's first record. */
    public SingleOutputStreamOperator<T> sum(String field) {
        return aggregation(new SumAggregator<>(field, spec.inputType()));
    }

    /** Per window, the minimum of tuple field {@code positionToMin} in a copy of the window's first record. */
    public SingleOutputStreamOperator<T> min(int positionToMin) {
        return aggregation(new ComparableAggregator<>(positionToMin, spec.inputType(), AggregationFunction.AggregationType.MIN, false));
    }

    /** Per window, the minimum of the named field in a copy of the window's first record. */
    public SingleOutputStreamOperator<T> min(String field) {
        return aggregation(new ComparableAggregator<>(field, spec.inputType(), AggregationFunction.AggregationType.MIN, false));
    }

    /** Per window, the maximum of tuple field {@code positionToMax} in a copy of the window's first record. */
    public SingleOutputStreamOperator<T> max(int positionToMax) {
        return aggregation(new ComparableAggregator<>(positionToMax, spec.inputType(), AggregationFunction.AggregationType.MAX, false));
    }

    /** Per window, the maximum of the named field in a copy of the window's first record. */
    public SingleOutputStreamOperator<T> max(String field) {
        return aggregation(new ComparableAggregator<>(field, spec.inputType(), AggregationFunction.AggregationType.MAX, false));
    }

    /** Per window, the record with the smallest value of tuple field {@code positionToMinBy}; on a tie the first. */
    public SingleOutputStreamOperator<T> minBy(int positionToMinBy) {
        return minBy(positionToMinBy, true);
    }

    /** Per window, the record with the smallest value of the named field; on a tie the first. */
    public SingleOutputStreamOperator<T> minBy(String field) {
        return minBy(field, true);
    }

    /** Per window, the record with the smallest value of tuple field {@code positionToMinBy}; on a tie the first if {@code first}. */
    public SingleOutputStreamOperator<T> minBy(int positionToMinBy, boolean first) {
        return aggregation(new ComparableAggregator<>(positionToMinBy, spec.inputType(), AggregationFunction.AggregationType.MINBY, first));
    }

    /** Per window, the record with the smallest value of the named field; on a tie the first if {@code first}. */
    public SingleOutputStreamOperator<T> minBy(String field, boolean first) {
        return aggregation(new ComparableAggregator<>(field, spec.inputType(), AggregationFunction.AggregationType.MINBY, first));
    }

    /** Per window, the record with the largest value of tuple field {@code positionToMaxBy}; on a tie the first. */
    public SingleOutputStreamOperator<T> maxBy(int positionToMaxBy) {
        return maxBy(positionToMaxBy, true);
    }

    /** Per window, the record with the largest value of the named field; on a tie the first. */
    public SingleOutputStreamOperator<T> maxBy(String field) {
        return maxBy(field, true);
    }

    /** Per window, the record with the largest value of tuple field {@code positionToMaxBy}; on a tie the first if {@code first}. */
    public SingleOutputStreamOperator<T> maxBy(int positionToMaxBy, boolean first) {
        return aggregation(new ComparableAggregator<>(positionToMaxBy, spec.inputType(), AggregationFunction.AggregationType.MAXBY, first));
    }

    /** Per window, the record with the largest value of the named field; on a tie the first if {@code first}. */
    public SingleOutputStreamOperator<T> maxBy(String field, boolean first) {
        return aggregation(new ComparableAggregator<>(field, spec.inputType(), AggregationFunction.AggregationType.MAXBY, first));
    }

    private SingleOutputStreamOperator<T> aggregation(AggregationFunction<T> aggregation) {
        return reduce(aggregation);
    }

    public StreamExecutionEnvironment getExecutionEnvironment() {
        return spec.env();
    }

    /** The type of the records, where known (see {@link DataStream#getType()}); else null. */
    public TypeInformation<T> getInputType() {
        return spec.inputType();
    }
}
