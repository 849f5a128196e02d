package dev.weir.api.functions;

/** Combines two values of the same type into one; used by {@code reduce} and {@code ReducingState}. */
@FunctionalInterface
public interface ReduceFunction<T> extends Function {
    T reduce(T accumulated, T value) throws Exception;
}
