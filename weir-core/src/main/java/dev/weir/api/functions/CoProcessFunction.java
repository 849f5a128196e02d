package dev.weir.api.functions;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;

/**
 * Low-level function on two connected, non-keyed streams ({@code first.connect(second).process(..)}):
 * {@link #processElement1} for records of the first input, {@link #processElement2} for those of the
 * second; may emit any number of records, emit to side outputs and read processing time and the
 * watermark. Timers and keyed state need keyed connected streams: use {@link KeyedCoProcessFunction}
 * after {@code connect(..).keyBy(k1, k2)}; registering a timer here fails the job.
 *
 * <p><b>Call order and threading.</b> A rich function (see {@link AbstractRichFunction}): per
 * subtask copy, {@code open}, then the records of both inputs on the subtask's one thread, never two
 * calls at once, in arrival order (no order between the inputs), then {@code close}. The operator's
 * watermark ({@code ctx.timerService().currentWatermark()}) is the minimum of the two inputs'
 * watermarks (an idle input left out). <b>Failure:</b> the job restarts from its last checkpoint;
 * records after it are passed again.
 *
 * @param <IN1> type of the first input
 * @param <IN2> type of the second input
 * @param <OUT> output type
 */
public abstract class CoProcessFunction<IN1, IN2, OUT> extends AbstractRichFunction {

    /** Called for each record of the first input; {@code ctx} is valid only during the call. */
    public abstract void processElement1(IN1 value, Context ctx, Collector<OUT> out) throws Exception;

    /** Called for each record of the second input; {@code ctx} is valid only during the call. */
    public abstract void processElement2(IN2 value, Context ctx, Collector<OUT> out) throws Exception;

    /**
     * Called when a timer fires. Never called on non-keyed connected streams (timers cannot be
     * registered there); kept for Flink's shape.
     */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
    }

    /**
     * What the function can see besides the record, valid only during the call it was passed to.
     * An inner class, so that it can be named as {@code CoProcessFunction<IN1, IN2, OUT>.Context}; the
     * runtime creates the instances.
     */
    public abstract class Context {

        /** The record's event-time timestamp, or {@code null} if it has none. */
        public abstract Long timestamp();

        /** Processing time and the watermark; registering timers throws (non-keyed streams). */
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
