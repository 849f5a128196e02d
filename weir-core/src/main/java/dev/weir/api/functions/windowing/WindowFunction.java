package dev.weir.api.functions.windowing;

import dev.weir.api.Collector;
import dev.weir.api.functions.Function;
import dev.weir.api.windowing.windows.Window;

/**
 * Computes the result of one window of one key from its contents: all its records, or the single
 * pre-aggregated value when used after a reduce or aggregate function. The older, simpler form of
 * {@link ProcessWindowFunction} (no context, no state, no side outputs).
 *
 * @param <IN> the type of the window's contents
 * @param <OUT> the type of the results
 * @param <KEY> the type of the key
 * @param <W> the type of the window
 */
@FunctionalInterface
public interface WindowFunction<IN, OUT, KEY, W extends Window> extends Function {

    /** Emits the results of {@code window} of {@code key} to {@code out}. */
    void apply(KEY key, W window, Iterable<IN> input, Collector<OUT> out) throws Exception;
}
