package dev.weir.api.functions;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;
import dev.weir.api.TimerService;

/**
 * Per-record function on a KeyedStream with keyed state and timers.
 *
 * <p>Keyed state obtained in {@link #open} through the {@code RuntimeContext} always refers to the
 * key of the record (or timer) being processed. Timers are scoped to the key that registered them;
 * {@link #onTimer} runs with that key current. All calls run on the subtask's thread.
 *
 * @param <K> key type
 * @param <I> input type
 * @param <O> output type
 */
@FunctionalInterface
public interface KeyedProcessFunction<K, I, O> extends Function {

    void processElement(I value, Context<K> context, Collector<O> out) throws Exception;

    /** Called when a timer registered through {@link Context#timerService()} fires. */
    default void onTimer(long timestamp, Context<K> context, Collector<O> out) throws Exception {
    }

    /** What the function can see besides the record. Valid only during the call. */
    interface Context<K> {
        K getCurrentKey();

        TimerService timerService();

        /**
         * Emits {@code value} to the side output {@code outputTag} (read with
         * {@code SingleOutputStreamOperator.getSideOutput(outputTag)}); dropped if nothing reads it.
         */
        <X> void output(OutputTag<X> outputTag, X value);
    }
}
