package dev.weir.api.functions.windowing;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;
import dev.weir.api.functions.AbstractRichFunction;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.windowing.windows.Window;

/**
 * Computes the result of one window of one key when it fires, with the window's contents and a
 * {@link Context} (the window, the clocks, state and side outputs). Given to {@code process(..)} it
 * sees all the window's records (kept in state until the window is dropped); given after a
 * {@code reduce} or {@code aggregate} function it sees the single pre-aggregated value, and the window
 * keeps only that.
 *
 * <p>A rich function: {@code open}/{@code close} and {@code getRuntimeContext()} as in
 * {@link AbstractRichFunction}; every call runs on the subtask's thread.
 *
 * <pre>{@code
 * clicks.keyBy(Click::user)
 *       .window(EventTimeSessionWindows.withGap(Duration.ofMinutes(30)))
 *       .process(new ProcessWindowFunction<Click, String, String, TimeWindow>() {
 *           public void process(String user, Context ctx, Iterable<Click> clicks, Collector<String> out) {
 *               out.collect(user + " " + ctx.window().getStart() + " " + clicks.spliterator().getExactSizeIfKnown());
 *           }
 *       });
 * }</pre>
 *
 * @param <IN> the type of the window's contents
 * @param <OUT> the type of the results
 * @param <KEY> the type of the key
 * @param <W> the type of the window
 */
public abstract class ProcessWindowFunction<IN, OUT, KEY, W extends Window> extends AbstractRichFunction {

    /** The window fired: emit its results to {@code out}. {@code context} is valid only during the call. */
    public abstract void process(KEY key, Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

    /**
     * The window is dropped (its end plus the allowed lateness passed): clear what the function kept in
     * {@link Context#windowState()}. Does nothing by default.
     */
    public void clear(Context context) throws Exception {
    }

    /** What the function sees besides the contents, for the window being processed. */
    public abstract class Context {

        /** The window being processed. */
        public abstract W window();

        /** The subtask's processing time in epoch milliseconds. */
        public abstract long currentProcessingTime();

        /** The operator's current event-time watermark. */
        public abstract long currentWatermark();

        /** Keyed state scoped to the current key and this window (dropped with {@link #clear}). */
        public abstract KeyedStateStore windowState();

        /** Keyed state of the current key, shared by all its windows. */
        public abstract KeyedStateStore globalState();

        /** Emits {@code value} to the side output {@code outputTag}. */
        public abstract <X> void output(OutputTag<X> outputTag, X value);
    }
}
