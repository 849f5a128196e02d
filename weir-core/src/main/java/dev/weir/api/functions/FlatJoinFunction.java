package dev.weir.api.functions;

import dev.weir.api.Collector;

/**
 * As {@link JoinFunction}, emitting any number of results per pair (none, to filter pairs out) to
 * {@code out}. Same call order, threading and restart behaviour.
 *
 * @param <IN1> type of the first input
 * @param <IN2> type of the second input
 * @param <OUT> output type
 */
@FunctionalInterface
public interface FlatJoinFunction<IN1, IN2, OUT> extends Function {

    /** Emits the results of joining {@code first} with {@code second} to {@code out}. */
    void join(IN1 first, IN2 second, Collector<OUT> out) throws Exception;
}
