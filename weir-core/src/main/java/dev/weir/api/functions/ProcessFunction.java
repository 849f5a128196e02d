package dev.weir.api.functions;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;

/**
 * Low-level per-record function on a non-keyed stream: may emit any number of records, emit to
 * side outputs and read processing time. Timers and keyed state need a keyed stream: use
 * {@link KeyedProcessFunction} after {@code keyBy}; registering a timer here fails the job.
 *
 * <p>A rich function (see {@link AbstractRichFunction} for the lifecycle and per-subtask copies).
 * Write it as an anonymous subclass or a class of its own:
 *
 * <pre>{@code
 * stream.process(new ProcessFunction<String, Integer>() {
 *     public void processElement(String line, Context ctx, Collector<Integer> out) {
 *         out.collect(line.length());
 *     }
 * });
 * }</pre>
 *
 * @param <I> input type
 * @param <O> output type
 */
public abstract class ProcessFunction<I, O> extends AbstractRichFunction {

    /** Called for each record; {@code ctx} is valid only during the call. */
    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /**
     * Called when a timer fires. Never called on a non-keyed stream (timers cannot be registered
     * there); kept for Flink's shape.
     */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
    }

    /**
     * What the function can see besides the record, valid only during the call it was passed to.
     * An inner class, so that it can be named as {@code ProcessFunction<I, O>.Context}; the runtime
     * creates the instances.
     */
    public abstract class Context {

        /**
         * The record's event-time timestamp, or {@code null} if it has none. Always {@code null}
         * for now: Weir does not carry event time on records yet.
         */
        public abstract Long timestamp();

        /** Processing time and the watermark; registering timers throws (non-keyed stream). */
        public abstract TimerService timerService();

        /**
         * Emits {@code value} to the side output {@code outputTag} (read with
         * {@code SingleOutputStreamOperator.getSideOutput(outputTag)}); dropped if nothing reads it.
         */
        public abstract <X> void output(OutputTag<X> outputTag, X value);
    }

    /** The context of {@link #onTimer}: also says which clock fired the timer. */
    public abstract class OnTimerContext extends Context {
        public abstract TimeDomain timeDomain();
    }
}
