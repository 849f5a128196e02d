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

    // --- interval join (issue 14) ---

    /**
     * Starts an interval join of this stream with {@code otherStream}, keyed alike: finish with
     * {@link IntervalJoin#between} and {@link IntervalJoined#process}. See {@link IntervalJoin}.
     */
    public <T1> IntervalJoin<T, T1, K> intervalJoin(KeyedStream<T1, K> otherStream) {
        return new IntervalJoin<>(this, Objects.requireNonNull(otherStream, "otherStream"));
    }

    /**
     * An interval join being defined: {@code left.intervalJoin(right)}. Joins, in event time, every left
     * record at {@code t} with every right record of the same key whose timestamp lies in
     * {@code [t + lowerBound, t + upperBound]} (set with {@link #between}).
     *
     * <pre>{@code
     * orders.keyBy(Order::customer)
     *       .intervalJoin(payments.keyBy(Payment::customer))
     *       .between(Duration.ofMinutes(-5), Duration.ofMinutes(10))
     *       .process(new ProcessJoinFunction<Order, Payment, Paid>() {
     *           public void processElement(Order o, Payment p, Context ctx, Collector<Paid> out) {
     *               out.collect(new Paid(o, p));
     *           }
     *       });
     * }</pre>
     *
     * <p>Both sides' records are kept in keyed state until the watermark (the minimum of both inputs')
     * is past the last time a record of the other side could join them, then removed; records behind
     * the watermark are late: dropped and counted in the job result ({@code OperatorStats.lateRecordsDropped()}),
     * or sent to a side output ({@link IntervalJoined#sideOutputLeftLateData}). Both inputs need event
     * timestamps. Only event time is supported (as in Flink).
     *
     * @param <T1> type of the left records
     * @param <T2> type of the right records
     * @param <KEY> type of the key
     */
    public static class IntervalJoin<T1, T2, KEY> {
        private final KeyedStream<T1, KEY> left;
        private final KeyedStream<T2, KEY> right;
        private boolean processingTime;

        IntervalJoin(KeyedStream<T1, KEY> left, KeyedStream<T2, KEY> right) {
            this.left = left;
            this.right = right;
        }

        /** Joins by event time (the default). */
        public IntervalJoin<T1, T2, KEY> inEventTime() {
            processingTime = false;
            return this;
        }

        /**
         * Asks for a join by processing time, which is not supported (as in Flink): {@code process} then
         * fails.
         */
        public IntervalJoin<T1, T2, KEY> inProcessingTime() {
            processingTime = true;
            return this;
        }

        /**
         * The interval relative to each left record's timestamp in which right records join it, both
         * bounds inclusive unless made exclusive on the result; {@code lowerBound} may be negative.
         *
         * @throws IllegalArgumentException if {@code lowerBound} is after {@code upperBound}
         */
        public IntervalJoined<T1, T2, KEY> between(java.time.Duration lowerBound, java.time.Duration upperBound) {
            if (processingTime) {
                throw new UnsupportedOperationException("an interval join runs in event time only: remove "
                        + "inProcessingTime()");
            }
            long lower = lowerBound.toMillis();
            long upper = upperBound.toMillis();
            if (lower > upper) {
                throw new IllegalArgumentException("the interval join's lower bound " + lowerBound
                        + " is after its upper bound " + upperBound);
            }
            return new IntervalJoined<>(left, right, lower, upper);
        }
    }

    /**
     * An interval join with its bounds ({@link IntervalJoin#between}); optionally make a bound exclusive
     * or send late records to side outputs, then give the function with {@link #process}.
     *
     * @param <IN1> type of the left records
     * @param <IN2> type of the right records
     * @param <KEY> type of the key
     */
    public static class IntervalJoined<IN1, IN2, KEY> {
        private final KeyedStream<IN1, KEY> left;
        private final KeyedStream<IN2, KEY> right;
        private final long lowerBound;
        private final long upperBound;
        private boolean lowerBoundInclusive = true;
        private boolean upperBoundInclusive = true;
        private OutputTag<IN1> leftLateDataOutputTag;
        private OutputTag<IN2> rightLateDataOutputTag;

        IntervalJoined(KeyedStream<IN1, KEY> left, KeyedStream<IN2, KEY> right, long lowerBound, long upperBound) {
            this.left = left;
            this.right = right;
            this.lowerBound = lowerBound;
            this.upperBound = upperBound;
        }

        /** Right records exactly at {@code t + lowerBound} do not join. */
        public IntervalJoined<IN1, IN2, KEY> lowerBoundExclusive() {
            lowerBoundInclusive = false;
            return this;
        }

        /** Right records exactly at {@code t + upperBound} do not join. */
        public IntervalJoined<IN1, IN2, KEY> upperBoundExclusive() {
            upperBoundInclusive = false;
            return this;
        }

        /** Sends left records behind the watermark to {@code outputTag} instead of dropping them. */
        public IntervalJoined<IN1, IN2, KEY> sideOutputLeftLateData(OutputTag<IN1> outputTag) {
            leftLateDataOutputTag = Objects.requireNonNull(outputTag, "outputTag");
            return this;
        }

        /** Sends right records behind the watermark to {@code outputTag} instead of dropping them. */
        public IntervalJoined<IN1, IN2, KEY> sideOutputRightLateData(OutputTag<IN2> outputTag) {
            rightLateDataOutputTag = Objects.requireNonNull(outputTag, "outputTag");
            return this;
        }

        /**
         * Joins with {@code processJoinFunction}, called for every pair in the interval.
         *
         * @throws IllegalArgumentException if the bounds made exclusive leave an empty interval
         */
        public <OUT> SingleOutputStreamOperator<OUT> process(
                dev.weir.api.functions.ProcessJoinFunction<IN1, IN2, OUT> processJoinFunction) {
            Objects.requireNonNull(processJoinFunction, "processJoinFunction");
            long lower = lowerBoundInclusive ? lowerBound : lowerBound + 1;
            long upper = upperBoundInclusive ? upperBound : upperBound - 1;
            if (lower > upper) {
                throw new IllegalArgumentException("the interval join's bounds [" + lowerBound + ", " + upperBound
                        + "] ms with " + (lowerBoundInclusive ? "" : "the lower ") + (upperBoundInclusive ? ""
                        : "the upper ") + "bound exclusive hold no time: no pair could ever join");
            }
            ConnectedStreams<IN1, IN2> connected = left.connect(right);
            return connected.<OUT>intervalJoin(lower, upper, leftLateDataOutputTag, rightLateDataOutputTag,
                    processJoinFunction).inferType(TypeExtractor.getForFunction(processJoinFunction,
                    dev.weir.api.functions.ProcessJoinFunction.class, 2));
        }

        /** As {@link #process(dev.weir.api.functions.ProcessJoinFunction)}, with the output type given. */
        public <OUT> SingleOutputStreamOperator<OUT> process(
                dev.weir.api.functions.ProcessJoinFunction<IN1, IN2, OUT> processJoinFunction,
                TypeInformation<OUT> outputType) {
            return process(processJoinFunction).returns(outputType);
        }
    }

    // --- end interval join ---

    <R> SingleOutputStreamOperator<R> keyed(String name, Operation operation) {
        SingleOutputStreamOperator<R> op = env.addOperator(Transformation.Kind.KEYED_OPERATOR, name, inputs, operation);
        op.transformation.setKeyType(knownKeyType());
        return op;
    }
}
