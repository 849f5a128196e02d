package dev.weir.api.functions;

import dev.weir.api.Collector;

/**
 * Processes, per window and key, the records of both inputs of a window coGroup
 * ({@code a.coGroup(b).where(..).equalTo(..).window(..).apply(..)}) when the window fires: called once
 * for every (window, key) that has a record on either side, one of the two iterables possibly empty
 * (so outer joins can be written with it).
 *
 * <p>Called on the subtask's one thread, never twice at once; the iterables are valid only during the
 * call. Each subtask calls its own shallow copy of the function (as for a {@link AbstractRichFunction}).
 * After a failure the windows are restored from the last checkpoint and fire again as the records after
 * it are passed again.
 *
 * @param <IN1> type of the first input
 * @param <IN2> type of the second input
 * @param <O>   output type
 */
@FunctionalInterface
public interface CoGroupFunction<IN1, IN2, O> extends Function {

    /** Emits the results for the records {@code first} and {@code second} of one window and key to {@code out}. */
    void coGroup(Iterable<IN1> first, Iterable<IN2> second, Collector<O> out) throws Exception;
}
