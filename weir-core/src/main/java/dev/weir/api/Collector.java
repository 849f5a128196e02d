package dev.weir.api;

/**
 * Where a function emits its output records. Emitted records go to the next operator by
 * reference: do not change a record after emitting it. Not thread-safe: call it only from the
 * function call it was given to.
 */
@FunctionalInterface
public interface Collector<T> {
    void collect(T record);

    /**
     * As in Flink: says the function will emit nothing more. Weir's collectors need no closing, so
     * this does nothing; it exists so that code written for Flink compiles and runs unchanged.
     */
    default void close() {
    }
}
