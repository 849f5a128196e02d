package dev.weir.api.functions;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;

/**
 * Function of an interval join ({@code left.intervalJoin(right).between(lower, upper).process(..)}):
 * called once for every pair of a left and a right record with equal keys whose timestamps satisfy
 * {@code left.timestamp + lower <= right.timestamp <= left.timestamp + upper} (each bound exclusive if
 * so configured). A pair is joined when its second record arrives, so pairs come in arrival order, not
 * timestamp order; the output carries the larger of the two timestamps.
 *
 * <p><b>Call order and threading.</b> A rich function (see {@link AbstractRichFunction}): per subtask
 * copy, {@code open}, then {@link #processElement} on the subtask's one thread, never two at once, with
 * the pair's key current (keyed state may be used); then {@code close}. <b>Failure and restart:</b> the
 * records buffered for joining are keyed state, checkpointed and restored with the job (at any
 * parallelism); records after the checkpoint are passed again, so each pair is emitted once per
 * restored run.
 *
 * @param <IN1> type of the left (first) input
 * @param <IN2> type of the right (second) input
 * @param <OUT> output type
 */
public abstract class ProcessJoinFunction<IN1, IN2, OUT> extends AbstractRichFunction {

    /**
     * Called for each joined pair; {@code ctx} is valid only during the call.
     *
     * @param left  the record of the first input
     * @param right the record of the second input
     * @param out   where results go, with timestamp {@code max(left, right)}
     */
    public abstract void processElement(IN1 left, IN2 right, Context ctx, Collector<OUT> out) throws Exception;

    /**
     * The timestamps of the pair being joined, and side outputs. An inner class, so that it can be named
     * as {@code ProcessJoinFunction<IN1, IN2, OUT>.Context}; the runtime creates the instances.
     */
    public abstract class Context {

        /** The event timestamp of the left record. */
        public abstract long getLeftTimestamp();

        /** The event timestamp of the right record. */
        public abstract long getRightTimestamp();

        /** The timestamp of the result: the larger of the two. */
        public abstract long getTimestamp();

        /** Emits {@code value} to the side output {@code outputTag}; dropped if nothing reads it. */
        public abstract <X> void output(OutputTag<X> outputTag, X value);
    }
}
