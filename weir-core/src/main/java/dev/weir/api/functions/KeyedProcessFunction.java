package dev.weir.api.functions;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;

/**
 * Per-record function on a KeyedStream with keyed state and timers.
 *
 * <p>Keyed state obtained in {@link #open} through {@link #getRuntimeContext()} always refers to the
 * key of the record (or timer) being processed. Timers are scoped to the key that registered them;
 * {@link #onTimer} runs with that key current. All calls run on the subtask's thread. A rich
 * function: see {@link AbstractRichFunction} for the lifecycle and per-subtask copies.
 *
 * <pre>{@code
 * events.keyBy(Event::user).process(new KeyedProcessFunction<String, Event, Alert>() {
 *     public void processElement(Event e, Context ctx, Collector<Alert> out) {
 *         ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 60_000);
 *     }
 *     public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) {
 *         out.collect(new Alert(ctx.getCurrentKey()));
 *     }
 * });
 * }</pre>
 *
 * @param <K> key type
 * @param <I> input type
 * @param <O> output type
 */
public abstract class KeyedProcessFunction<K, I, O> extends AbstractRichFunction {

    /** Called for each record, with its key current; {@code ctx} is valid only during the call. */
    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /** Called when a timer registered through {@link Context#timerService()} fires, with its key current. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
    }

    /**
     * What the function can see besides the record, valid only during the call it was passed to.
     * An inner class, so that it can be named as {@code KeyedProcessFunction<K, I, O>.Context}; the
     * runtime creates the instances.
     */
    public abstract class Context {

        /**
         * The record's event-time timestamp, or {@code null} if it has none. Always {@code null}
         * for now: Weir does not carry event time on records yet.
         */
        public abstract Long timestamp();

        /** Processing time, the watermark and the current key's timers. */
        public abstract TimerService timerService();

        /**
         * Emits {@code value} to the side output {@code outputTag} (read with
         * {@code SingleOutputStreamOperator.getSideOutput(outputTag)}); dropped if nothing reads it.
         */
        public abstract <X> void output(OutputTag<X> outputTag, X value);

        /** The key of the record (or timer) being processed. */
        public abstract K getCurrentKey();
    }

    /** The context of {@link #onTimer}: also says which clock fired the timer. */
    public abstract class OnTimerContext extends Context {
        public abstract TimeDomain timeDomain();

        /** The key the timer was registered for. */
        @Override
        public abstract K getCurrentKey();
    }
}
