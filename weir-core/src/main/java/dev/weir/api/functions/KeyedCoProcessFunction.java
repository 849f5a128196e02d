package dev.weir.api.functions;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;

/**
 * Function on two connected streams keyed alike ({@code first.connect(second).keyBy(k1, k2).process(..)}),
 * with keyed state and timers shared by both inputs: a record of either input with key {@code k}
 * sees the state of {@code k}, whichever input wrote it, and the timers of {@code k}. Both inputs are
 * partitioned by their key selectors to the same subtask for equal keys.
 *
 * <pre>{@code
 * orders.connect(customers)
 *       .keyBy(Order::customerId, Customer::id)
 *       .process(new KeyedCoProcessFunction<Long, Order, Customer, Enriched>() {
 *           private transient ValueState<Customer> customer;
 *           public void open(OpenContext ctx) {
 *               customer = getRuntimeContext().getState(new ValueStateDescriptor<>("customer", Customer.class));
 *           }
 *           public void processElement1(Order o, Context ctx, Collector<Enriched> out) throws Exception {
 *               out.collect(new Enriched(o, customer.value()));
 *           }
 *           public void processElement2(Customer c, Context ctx, Collector<Enriched> out) throws Exception {
 *               customer.update(c);
 *           }
 *       });
 * }</pre>
 *
 * <p><b>Call order and threading.</b> A rich function (see {@link AbstractRichFunction}): per
 * subtask copy, {@code open}, then records of both inputs and timer callbacks on the subtask's one
 * thread, never two at once, each with its key current; then {@code close}. Event-time timers fire
 * when the operator's watermark, the minimum of the two inputs' watermarks (an idle input left out),
 * reaches them; processing-time timers when the clock does. <b>Failure and restart:</b> keyed state
 * and timers are checkpointed and restored (also at another parallelism, by key group); records
 * after the checkpoint are passed again.
 *
 * @param <K>   key type
 * @param <IN1> type of the first input
 * @param <IN2> type of the second input
 * @param <OUT> output type
 */
public abstract class KeyedCoProcessFunction<K, IN1, IN2, OUT> extends AbstractRichFunction {

    /** Called for each record of the first input, with its key current; {@code ctx} is valid only during the call. */
    public abstract void processElement1(IN1 value, Context ctx, Collector<OUT> out) throws Exception;

    /** Called for each record of the second input, with its key current; {@code ctx} is valid only during the call. */
    public abstract void processElement2(IN2 value, Context ctx, Collector<OUT> out) throws Exception;

    /** Called when a timer registered through {@link Context#timerService()} fires, with its key current. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
    }

    /**
     * What the function can see besides the record, valid only during the call it was passed to.
     * An inner class, so that it can be named as {@code KeyedCoProcessFunction<K, IN1, IN2, OUT>.Context};
     * the runtime creates the instances.
     */
    public abstract class Context {

        /** The record's event-time timestamp (a timer's time in {@code onTimer}), or {@code null} if it has none. */
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
