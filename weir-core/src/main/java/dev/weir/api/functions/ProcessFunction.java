package dev.weir.api.functions;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;

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

        /**
         * Emits {@code value} to the side output {@code outputTag} (read with
         * {@code SingleOutputStreamOperator.getSideOutput(outputTag)}); dropped if nothing reads it.
         */
        <X> void output(OutputTag<X> outputTag, X value);
    }
}
