package dev.weir.api.functions;

/** Transforms each record into exactly one record. See {@link Function}; for a lifecycle use {@link RichMapFunction}. */
@FunctionalInterface
public interface MapFunction<T, O> extends Function {
    O map(T value) throws Exception;
}
