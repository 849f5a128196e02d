package com.example.state;

import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.KeyedProcessFunction.Context;
import dev.weir.api.Collector;

/** Keeps a count per key in a ValueState. */
public class CountPerKey extends KeyedProcessFunction<String, String, Long> {
    private final ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("count", Long.class);
    private transient ValueState<Long> count;

    @Override
    public void processElement(String value, Context context, Collector<Long> out) throws Exception {
        Long current = count.value();
        long next = current == null ? 1 : current + 1;
        count.update(next);
        out.collect(next);
    }
}
