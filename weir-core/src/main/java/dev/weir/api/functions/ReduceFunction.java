package dev.weir.api.functions;

/**
 * Combines two values of the same type into one; used by {@code reduce} and {@code ReducingState}.
 * A reducer of a KeyedStream that is also a {@link RichFunction} gets its lifecycle calls.
 */
@FunctionalInterface
public interface ReduceFunction<T> extends Function {
    T reduce(T value1, T value2) throws Exception;
}
