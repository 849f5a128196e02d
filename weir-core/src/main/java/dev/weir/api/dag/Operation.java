package dev.weir.api.dag;

import dev.weir.api.connector.Sink;
import dev.weir.api.functions.FilterFunction;
import dev.weir.api.functions.FlatMapFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.ProcessFunction;
import dev.weir.api.functions.ReduceFunction;
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
