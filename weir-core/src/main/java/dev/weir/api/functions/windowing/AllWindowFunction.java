package dev.weir.api.functions.windowing;

import dev.weir.api.Collector;
import dev.weir.api.functions.Function;
import dev.weir.api.windowing.windows.Window;

/**
 * Computes the result of one window of a non-keyed stream ({@code windowAll}) from its contents.
 * See {@link WindowFunction}.
 *
 * @param <IN> the type of the window's contents
 * @param <OUT> the type of the results
 * @param <W> the type of the window
 */
@FunctionalInterface
public interface AllWindowFunction<IN, OUT, W extends Window> extends Function {

    /** Emits the results of {@code window} to {@code out}. */
    void apply(W window, Iterable<IN> values, Collector<OUT> out) throws Exception;
}
