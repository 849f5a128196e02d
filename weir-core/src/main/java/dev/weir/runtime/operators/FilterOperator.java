package dev.weir.runtime.operators;

import dev.weir.api.functions.FilterFunction;

public final class FilterOperator<T> extends FunctionOperator<T, T, FilterFunction<T>> {
    public FilterOperator(FilterFunction<T> function) {
        super(function);
    }

    @Override
    public void processElement(T record) throws Exception {
        if (function.filter(record)) {
            output.collect(record);
        }
    }
}
