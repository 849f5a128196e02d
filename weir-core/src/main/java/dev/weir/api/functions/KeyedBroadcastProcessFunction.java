package dev.weir.api.functions;

import dev.weir.api.Collector;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;
import dev.weir.api.state.KeyedStateFunction;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;

/**
 * Function on a keyed stream connected with a broadcast stream
 * ({@code payments.keyBy(..).connect(rules.broadcast(descriptor)).process(..)}): each broadcast record
 * reaches every subtask's {@link #processBroadcastElement}, which may change the broadcast state and
 * visit the keyed state of all keys of the subtask ({@link Context#applyToKeyedState}); each keyed
 * record reaches the subtask of its key's {@link #processElement}, with its key current: keyed state
 * and timers of that key, the broadcast state read-only.
 *
 * <pre>{@code
 * payments.keyBy(Payment::account)
 *         .connect(rules.broadcast(RULES))
 *         .process(new KeyedBroadcastProcessFunction<String, Payment, Rule, Alert>() {
 *             public void processElement(Payment p, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
 *                 for (Map.Entry<String, Rule> rule : ctx.getBroadcastState(RULES).immutableEntries()) {
 *                     if (rule.getValue().matches(p)) out.collect(new Alert(rule.getKey(), p));
 *                 }
 *             }
 *             public void processBroadcastElement(Rule r, Context ctx, Collector<Alert> out) throws Exception {
 *                 ctx.getBroadcastState(RULES).put(r.name(), r);
 *             }
 *         });
 * }</pre>
 *
 * <p><b>Call order and threading.</b> As {@link BroadcastProcessFunction}, plus timers: event-time
 * timers fire when the operator's watermark (the minimum of both inputs', an idle input left out)
 * reaches them, processing-time timers when the clock does, each with its key current.
 * <b>Failure and restart:</b> keyed state and timers are checkpointed and rescaled by key group, the
 * broadcast state is restored to every subtask at any parallelism; records after the checkpoint are
 * passed again.
 *
 * @param <KS>  key type of the keyed input
 * @param <IN1> type of the keyed input
 * @param <IN2> type of the broadcast input
 * @param <OUT> output type
 */
public abstract class KeyedBroadcastProcessFunction<KS, IN1, IN2, OUT> extends BaseBroadcastProcessFunction {

    /** Called for each keyed record, with its key current; {@code ctx} is valid only during the call. */
    public abstract void processElement(IN1 value, ReadOnlyContext ctx, Collector<OUT> out) throws Exception;

    /**
     * Called on every subtask for each broadcast record, with no key current (keyed state is reached
     * through {@link Context#applyToKeyedState}); {@code ctx} is valid only during the call.
     */
    public abstract void processBroadcastElement(IN2 value, Context ctx, Collector<OUT> out) throws Exception;

    /** Called when a timer registered through {@link ReadOnlyContext#timerService()} fires, with its key current. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
    }

    /** The context of {@link #processBroadcastElement}; the runtime creates the instances. */
    public abstract class Context extends BaseBroadcastProcessFunction.Context {

        /**
         * Calls {@code function} for every key of this subtask that has a value in the keyed state of
         * {@code stateDescriptor}, with that key current and the state handle of the descriptor (a
         * {@code ValueStateDescriptor} gives a {@code ValueState}, and so on). The function may change
         * or clear the state of the key it is given. Keys are visited in no particular order.
         */
        public abstract <S extends State> void applyToKeyedState(StateDescriptor stateDescriptor,
                                                                 KeyedStateFunction<KS, S> function) throws Exception;
    }

    /** The context of {@link #processElement}; the runtime creates the instances. */
    public abstract class ReadOnlyContext extends BaseBroadcastProcessFunction.ReadOnlyContext {

        /** Processing time, the watermark and the current key's timers. */
        public abstract TimerService timerService();

        /** The key of the record being processed. */
        public abstract KS getCurrentKey();
    }

    /** The context of {@link #onTimer}: also says which clock fired the timer. */
    public abstract class OnTimerContext extends ReadOnlyContext {

        public abstract TimeDomain timeDomain();

        /** The key the timer was registered for. */
        @Override
        public abstract KS getCurrentKey();
    }
}
