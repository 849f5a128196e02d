package dev.weir.api.functions;

import dev.weir.api.Collector;

/**
 * Low-level per-record function on a non-keyed stream: may emit any number of records and read
 * processing time. For keyed state and timers use {@link KeyedProcessFunction} on a KeyedStream.
 */
@FunctionalInterface
public interface ProcessFunction<I, O> extends Function {

    void processElement(I value, Context context, Collector<O> out) throws Exception;

    /** What a process function can see besides the record. Valid only during the call. */
    interface Context {
        /** Processing time in milliseconds, from the task's clock (manual in the test harness). */
        long currentProcessingTime();
    }
}
