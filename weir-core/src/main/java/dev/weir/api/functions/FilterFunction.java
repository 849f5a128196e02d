package dev.weir.api.functions;

/** Keeps the records for which {@link #filter} returns true. See {@link Function}; for a lifecycle use {@link RichFilterFunction}. */
@FunctionalInterface
public interface FilterFunction<T> extends Function {
    boolean filter(T value) throws Exception;
}
