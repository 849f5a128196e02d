package dev.weir.api.functions.windowing;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;
import dev.weir.api.functions.AbstractRichFunction;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.windowing.windows.Window;

/**
 * Computes the result of one window of a non-keyed stream ({@code windowAll}) when it fires, with
 * the window's contents and a {@link Context}. See {@link ProcessWindowFunction}; a windowAll
 * operator runs with parallelism 1.
 *
 * @param <IN> the type of the window's contents
 * @param <OUT> the type of the results
 * @param <W> the type of the window
 */
public abstract class ProcessAllWindowFunction<IN, OUT, W extends Window> extends AbstractRichFunction {

    /** The window fired: emit its results to {@code out}. {@code context} is valid only during the call. */
    public abstract void process(Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

    /** The window is dropped: clear what the function kept in {@link Context#windowState()}. Does nothing by default. */
    public void clear(Context context) throws Exception {
    }

    /** What the function sees besides the contents, for the window being processed. */
    public abstract class Context {

        /** The window being processed. */
        public abstract W window();

        /** State scoped to this window (dropped with {@link #clear}). */
        public abstract KeyedStateStore windowState();

        /** State shared by all windows of the operator. */
        public abstract KeyedStateStore globalState();

        /** Emits {@code value} to the side output {@code outputTag}. */
        public abstract <X> void output(OutputTag<X> outputTag, X value);
    }
}
