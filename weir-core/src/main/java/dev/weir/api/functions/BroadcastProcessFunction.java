package dev.weir.api.functions;

import dev.weir.api.Collector;

/**
 * Function on a (non-keyed) stream connected with a broadcast stream
 * ({@code stream.connect(rules.broadcast(descriptor)).process(..)}): each broadcast record reaches every
 * subtask's {@link #processBroadcastElement}, which may change the broadcast state; each record of the
 * other stream reaches one subtask's {@link #processElement}, which reads the broadcast state only.
 *
 * <p><b>Call order and threading.</b> A rich function (see {@link AbstractRichFunction}): per subtask
 * copy, {@code open}, then the records of both inputs on the subtask's one thread, in arrival order,
 * never two at once (there is no order between the two inputs: a record may arrive before the
 * broadcast record it depends on, so buffer it where that matters); then {@code close}. No timers and
 * no keyed state: use a {@link KeyedBroadcastProcessFunction} on a keyed stream for those.
 * <b>Failure and restart:</b> the broadcast state is checkpointed with the subtask and restored to
 * every subtask at any parallelism; records after the checkpoint are passed again.
 *
 * @param <IN1> type of the non-broadcast input
 * @param <IN2> type of the broadcast input
 * @param <OUT> output type
 */
public abstract class BroadcastProcessFunction<IN1, IN2, OUT> extends BaseBroadcastProcessFunction {

    /** Called for each record of the non-broadcast input; {@code ctx} is valid only during the call. */
    public abstract void processElement(IN1 value, ReadOnlyContext ctx, Collector<OUT> out) throws Exception;

    /** Called on every subtask for each broadcast record; {@code ctx} is valid only during the call. */
    public abstract void processBroadcastElement(IN2 value, Context ctx, Collector<OUT> out) throws Exception;

    /** The context of {@link #processBroadcastElement}; the runtime creates the instances. */
    public abstract class Context extends BaseBroadcastProcessFunction.Context {
    }

    /** The context of {@link #processElement}; the runtime creates the instances. */
    public abstract class ReadOnlyContext extends BaseBroadcastProcessFunction.ReadOnlyContext {
    }
}
