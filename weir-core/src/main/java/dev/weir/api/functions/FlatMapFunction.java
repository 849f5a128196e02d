package dev.weir.api.functions;

import dev.weir.api.Collector;

/** Transforms each record into zero or more records. See {@link Function} for lifecycle and threading. */
@FunctionalInterface
public interface FlatMapFunction<I, O> extends Function {
    void flatMap(I value, Collector<O> out) throws Exception;
}
