package dev.weir.api.dag;

import dev.weir.api.connector.Sink;
import dev.weir.api.functions.FilterFunction;
import dev.weir.api.functions.FlatMapFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.ProcessFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.OutputTag;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.Function;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.evictors.Evictor;
import dev.weir.api.windowing.triggers.Trigger;
import java.util.function.ToLongFunction;

/**
 * What a non-source node of the logical plan does, as the user wrote it: the user's function and
 * the kind of operation, never a runtime operator. An engine maps each kind to its own operator —
 * Weir's local runtime to its operators, a runner for another engine to that engine's — so the
 * plan stays independent of any runtime.
 */
public sealed interface Operation {

    /** The user's function (or sink) the operation runs, or null for one that runs none. */
    Object userFunction();

    /**
     * Whether the operation reads two inputs (connected streams): its node's inputs are marked with
     * {@link Transformation.Input#inputIndex()} 0 or 1, and it always starts a task of its own.
     */
    default boolean twoInputs() {
        return false;
    }

    /** {@code map}: one record out per record in. */
    record Map(MapFunction<?, ?> function) implements Operation {
        @Override
        public Object userFunction() {
            return function;
        }
    }

    /** {@code flatMap}: any number of records out per record in. */
    record FlatMap(FlatMapFunction<?, ?> function) implements Operation {
        @Override
        public Object userFunction() {
            return function;
        }
    }

    /** {@code filter}: the records the predicate keeps. */
    record Filter(FilterFunction<?> function) implements Operation {
        @Override
        public Object userFunction() {
            return function;
        }
    }

    /** {@code process} on a non-keyed stream. */
    record Process(ProcessFunction<?, ?> function) implements Operation {
        @Override
        public Object userFunction() {
            return function;
        }
    }

    /** {@code process} on a keyed stream: keyed state and timers per key. */
    record KeyedProcess(KeySelector<?, ?> keySelector, KeyedProcessFunction<?, ?, ?> function) implements Operation {
        @Override
        public Object userFunction() {
            return function;
        }
    }

    /**
     * {@code map}, {@code flatMap} or {@code filter} ({@code operation}) on a keyed stream with a rich
     * function: the function runs in the context of each record's key, so it may use keyed state.
     */
    record OnKeyedStream(KeySelector<?, ?> keySelector, Operation operation) implements Operation {
        public OnKeyedStream {
            if (!(operation instanceof Map || operation instanceof FlatMap || operation instanceof Filter)) {
                throw new IllegalArgumentException("only map, flatMap and filter run on a keyed stream this way, not "
                        + operation);
            }
        }

        @Override
        public Object userFunction() {
            return operation.userFunction();
        }
    }

    /**
     * {@code connect(..).map(..)}, {@code flatMap(..)} or {@code process(..)} ({@code function}: a
     * {@code CoMapFunction}, {@code CoFlatMapFunction} or {@code CoProcessFunction}) on two connected
     * streams: records of the node's input 0 go to the function's first method, those of input 1 to its
     * second. With key selectors ({@code connect(..).keyBy(k1, k2)}) the function runs in the context of
     * each record's key, so that a rich function may use keyed state; else both selectors are null.
     */
    record CoOperation(Function function, KeySelector<?, ?> keySelector1, KeySelector<?, ?> keySelector2)
            implements Operation {
        public CoOperation {
            if (!(function instanceof dev.weir.api.functions.CoMapFunction<?, ?, ?>
                    || function instanceof dev.weir.api.functions.CoFlatMapFunction<?, ?, ?>
                    || function instanceof dev.weir.api.functions.CoProcessFunction<?, ?, ?>)) {
                throw new IllegalArgumentException("connected streams run a CoMapFunction, CoFlatMapFunction or "
                        + "CoProcessFunction here, not " + function);
            }
            if ((keySelector1 == null) != (keySelector2 == null)) {
                throw new IllegalArgumentException("connected streams are keyed on both inputs or on neither");
            }
        }

        @Override
        public Object userFunction() {
            return function;
        }

        @Override
        public boolean twoInputs() {
            return true;
        }
    }

    /** {@code connect(..).keyBy(k1, k2).process(KeyedCoProcessFunction)}: keyed state and timers shared by both inputs. */
    record KeyedCoProcess(KeySelector<?, ?> keySelector1, KeySelector<?, ?> keySelector2,
                          dev.weir.api.functions.KeyedCoProcessFunction<?, ?, ?, ?> function) implements Operation {
        @Override
        public Object userFunction() {
            return function;
        }

        @Override
        public boolean twoInputs() {
            return true;
        }
    }

    /**
     * {@code stream.connect(broadcastStream).process(..)}: input 0 is the stream, input 1 the broadcast
     * records; {@code function} is a {@code BroadcastProcessFunction} (no key selector) or a
     * {@code KeyedBroadcastProcessFunction} (the key selector of the keyed stream); {@code descriptors}
     * name the broadcast states.
     */
    record BroadcastProcess(Function function, KeySelector<?, ?> keySelector,
                            java.util.List<dev.weir.api.state.MapStateDescriptor<?, ?>> descriptors) implements Operation {
        public BroadcastProcess {
            boolean keyed = function instanceof dev.weir.api.functions.KeyedBroadcastProcessFunction<?, ?, ?, ?>;
            if (!keyed && !(function instanceof dev.weir.api.functions.BroadcastProcessFunction<?, ?, ?>)) {
                throw new IllegalArgumentException("a broadcast connected stream runs a BroadcastProcessFunction or "
                        + "KeyedBroadcastProcessFunction, not " + function);
            }
            if (keyed != (keySelector != null)) {
                throw new IllegalArgumentException("a KeyedBroadcastProcessFunction needs the key selector of its "
                        + "keyed stream, a BroadcastProcessFunction none");
            }
            descriptors = java.util.List.copyOf(descriptors);
        }

        @Override
        public Object userFunction() {
            return function;
        }

        @Override
        public boolean twoInputs() {
            return true;
        }
    }

    /**
     * {@code keyedA.intervalJoin(keyedB).between(lower, upper).process(ProcessJoinFunction)}: joins records
     * of input 0 and input 1 with equal keys whose timestamps satisfy
     * {@code left + lowerBound <= right <= left + upperBound} (bounds already made inclusive: an exclusive
     * bound is moved by one millisecond).
     *
     * @param leftType      the type of the left records (kept in state), or null where it is not known
     * @param rightType     the type of the right records, or null where it is not known
     * @param leftLateTag   where left records behind the watermark go, or null (dropped and counted)
     * @param rightLateTag  where right records behind the watermark go, or null (dropped and counted)
     */
    record IntervalJoin(KeySelector<?, ?> keySelector1, KeySelector<?, ?> keySelector2, long lowerBound,
                        long upperBound, TypeInformation<?> leftType, TypeInformation<?> rightType,
                        OutputTag<?> leftLateTag, OutputTag<?> rightLateTag,
                        dev.weir.api.functions.ProcessJoinFunction<?, ?, ?> function) implements Operation {
        public IntervalJoin {
            if (lowerBound > upperBound) {
                throw new IllegalArgumentException("an interval join's lower bound (" + lowerBound + " ms, inclusive) "
                        + "is after its upper bound (" + upperBound + " ms, inclusive): no pair could ever join");
            }
        }

        @Override
        public Object userFunction() {
            return function;
        }

        @Override
        public boolean twoInputs() {
            return true;
        }
    }

    /** Rolling {@code reduce} per key: emits the reduced value after every record. */
    record RollingReduce(KeySelector<?, ?> keySelector, ReduceFunction<?> reducer) implements Operation {
        @Override
        public Object userFunction() {
            return reducer;
        }
    }

    /**
     * Rolling sum per key of a long field (rolling {@code count} is the sum of 1 per record): emits
     * (key, sum so far) after every record; the sum lives in keyed state {@code stateName}.
     */
    record RollingSum(KeySelector<?, ?> keySelector, ToLongFunction<?> field, String stateName) implements Operation {
        @Override
        public Object userFunction() {
            return null;
        }
    }

    /**
     * A window operation ({@code KeyedStream.window(..)} or {@code DataStream.windowAll(..)}, then
     * {@code reduce}, {@code aggregate}, {@code apply} or {@code process}).
     *
     * @param keySelector      the key of each record (a constant for {@code windowAll})
     * @param assigner         the {@code WindowAssigner}
     * @param trigger          the {@code Trigger} (the assigner's default unless one was set)
     * @param evictor          the {@code Evictor}, or null
     * @param allowedLateness  milliseconds after a window's end during which late records still update it
     * @param lateDataTag      where records too late for their windows go, or null (they are dropped and counted)
     * @param preAggregation   the {@code ReduceFunction} or {@code AggregateFunction} folding the records into one
     *                         value per window, or null to keep the records
     * @param windowFunction   the {@code ProcessWindowFunction}, {@code WindowFunction},
     *                         {@code ProcessAllWindowFunction} or {@code AllWindowFunction} run when a window
     *                         fires, or null to emit the pre-aggregated value itself
     * @param contentsType     the type of what a window keeps: the accumulator, the reduced value or the record
     *                         type (null where it is not known)
     */
    record Windowed(KeySelector<?, ?> keySelector, WindowAssigner<?, ?> assigner, Trigger<?, ?> trigger,
                    Evictor<?, ?> evictor, long allowedLateness, OutputTag<?> lateDataTag, Function preAggregation,
                    Function windowFunction, TypeInformation<?> contentsType) implements Operation {
        public Windowed {
            if (preAggregation != null && !(preAggregation instanceof ReduceFunction<?>
                    || preAggregation instanceof AggregateFunction<?, ?, ?>)) {
                throw new IllegalArgumentException("a window pre-aggregates with a ReduceFunction or an "
                        + "AggregateFunction, not " + preAggregation);
            }
            if (preAggregation == null && windowFunction == null) {
                throw new IllegalArgumentException("a window needs a reduce or aggregate function, a window function, "
                        + "or both");
            }
        }

        @Override
        public Object userFunction() {
            return windowFunction != null ? windowFunction : preAggregation;
        }
    }

    /** The end of a stream: every record goes to the sink. */
    record SinkTo(Sink<?> sink) implements Operation {
        @Override
        public Object userFunction() {
            return sink;
        }
    }

    /** {@code assignTimestampsAndWatermarks}: timestamps and watermarks from {@code strategy}. */
    record AssignTimestamps(dev.weir.api.eventtime.WatermarkStrategy<?> strategy) implements Operation {
        @Override
        public Object userFunction() {
            return strategy;
        }
    }

    /** Passes records on unchanged: a side output's start, the merged stream of dead letters. */
    record PassThrough() implements Operation {
        @Override
        public Object userFunction() {
            return null;
        }
    }
}
