package dev.weir.runtime.operators;

import dev.weir.api.Collector;
import dev.weir.api.KeyValue;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import java.util.function.ToLongFunction;

/**
 * The rolling aggregations of a KeyedStream ({@code reduce}, {@code sum}, {@code count}) written as
 * ordinary keyed process functions: they emit the updated aggregate after every record.
 */
public final class RunningAggregates {
    private RunningAggregates() {
    }

    /** Running {@code reduce}; a reducer that is a {@link RichFunction} gets its lifecycle calls from here. */
    public static final class Reduce<K, T> extends KeyedFunctions.Wrapping<K, T, T> {
        private final ReduceFunction<T> reducer;
        private transient ValueState<Object> current;

        public Reduce(ReduceFunction<T> reducer) {
            super(reducer);
            this.reducer = reducer;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            super.open(openContext);
            current = getRuntimeContext().getState(new ValueStateDescriptor<>("reduce", Object.class));
        }

        @Override
        @SuppressWarnings("unchecked")
        public void processElement(T value, Context context, Collector<T> out) throws Exception {
            T previous = (T) current.value();
            T next = previous == null ? value : reducer.reduce(previous, value);
            current.update(next);
            out.collect(next);
        }
    }

    /** Running sum of a long field per key; also serves {@code count} with a field of 1. */
    public static final class Sum<K, T> extends KeyedProcessFunction<K, T, KeyValue<K, Long>> {
        private final ToLongFunction<T> field;
        private final String stateName;
        private transient ValueState<Long> sum;

        public Sum(ToLongFunction<T> field, String stateName) {
            this.field = field;
            this.stateName = stateName;
        }

        @Override
        public void open(OpenContext openContext) {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>(stateName, Long.class));
        }

        @Override
        public void processElement(T value, Context context, Collector<KeyValue<K, Long>> out) {
            Long previous = sum.value();
            long next = (previous == null ? 0 : previous) + field.applyAsLong(value);
            sum.update(next);
            out.collect(new KeyValue<>(context.getCurrentKey(), next));
        }
    }
}
