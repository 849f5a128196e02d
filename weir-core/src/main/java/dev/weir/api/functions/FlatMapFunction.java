package dev.weir.api.functions;

import dev.weir.api.Collector;

/** Transforms each record into zero or more records. See {@link Function}; for a lifecycle use {@link RichFlatMapFunction}. */
@FunctionalInterface
public interface FlatMapFunction<T, O> extends Function {
    void flatMap(T value, Collector<O> out) throws Exception;
}
