package dev.weir.flink.twoinput;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.BroadcastProcessFunction;
import dev.weir.api.functions.CoMapFunction;
import dev.weir.api.functions.KeyedBroadcastProcessFunction;
import dev.weir.api.functions.KeyedCoProcessFunction;
import dev.weir.api.functions.ProcessJoinFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.BroadcastState;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.typeinfo.Types;
import dev.weir.flink.window.Event;
import dev.weir.flink.window.Results;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two-input operators over two streams of keyed events (orders and payments, each in time order): a keyed
 * co-process function matching them in keyed state with event-time timers for the unmatched, a keyed broadcast
 * process function applying broadcast rules (read when each key's timer fires at the end of the input, so the result
 * does not depend on how the inputs interleave), a non-keyed broadcast process function, an interval join, and a
 * non-keyed co-map. Argument: the run id.
 */
public final class TwoInputsProgram {

    static final MapStateDescriptor<String, Long> RULES =
            new MapStateDescriptor<>("rules", Types.STRING, Types.LONG);

    private TwoInputsProgram() {
    }

    /** A broadcast rule: the factor of a key. */
    public record Rule(String key, long factor) {
    }

    static List<Event> orders() {
        List<Event> orders = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            orders.add(new Event("o" + (i % 7), i * 5L, i));
        }
        return orders;
    }

    static List<Event> payments() {
        List<Event> payments = new ArrayList<>();
        for (int i = 0; i < 40; i += 2) {
            payments.add(new Event("o" + (i % 7), i * 5L + 3, 100 + i));
        }
        return payments;
    }

    public static void main(String[] args) {
        String runId = args[0];
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        DataStream<Event> orders = env.fromData(orders()).setParallelism(1)
                .assignTimestampsAndWatermarks(Event.watermarks(0)).setParallelism(1);
        DataStream<Event> payments = env.fromData(payments()).setParallelism(1)
                .assignTimestampsAndWatermarks(Event.watermarks(0)).setParallelism(1);
        DataStream<Rule> rules = env.fromData(List.of(new Rule("o1", 10L), new Rule("o3", 30L),
                new Rule("o5", 50L))).setParallelism(1);

        DataStream<String> matched = orders.connect(payments).keyBy(e -> "id" + e.value() % 100, e -> "id" + e.value() % 100)
                .process(new MatchWithTimeout()).uid("match");
        DataStream<String> ruled = orders.keyBy(Event::key).connect(rules.broadcast(RULES))
                .process(new ApplyRules()).uid("rules");
        DataStream<String> joined = orders.keyBy(Event::key).intervalJoin(payments.keyBy(Event::key))
                .between(Duration.ofMillis(-4), Duration.ofMillis(4))
                .process(new ProcessJoinFunction<Event, Event, String>() {
                    @Override
                    public void processElement(Event left, Event right, Context ctx, Collector<String> out) {
                        out.collect("joined " + left.value() + "+" + right.value() + " at " + ctx.getTimestamp());
                    }
                }).uid("join");
        DataStream<String> mapped = orders.connect(payments).map(new CoMapFunction<Event, Event, String>() {
            @Override
            public String map1(Event value) {
                return "order " + value.value();
            }

            @Override
            public String map2(Event value) {
                return "payment " + value.value();
            }
        }).uid("co-map");

        DataStream<String> plainBroadcast = orders.connect(rules.broadcast(RULES))
                .process(new BroadcastProcessFunction<Event, Rule, String>() {
                    @Override
                    public void processElement(Event value, ReadOnlyContext ctx, Collector<String> out) {
                        out.collect("plain " + value.value());
                    }

                    @Override
                    public void processBroadcastElement(Rule rule, Context ctx, Collector<String> out) throws Exception {
                        BroadcastState<String, Long> state = ctx.getBroadcastState(RULES);
                        state.put(rule.key(), rule.factor());
                        int size = 0;
                        for (Map.Entry<String, Long> ignored : state.entries()) {
                            size++;
                        }
                        out.collect("broadcast " + rule.key() + " rules " + size);
                    }
                }).uid("plain-broadcast");

        matched.union(ruled, joined, mapped, plainBroadcast).sinkTo(Results.sink(runId)).name("results");
        env.execute("two-inputs");
    }

    /**
     * Pairs the order and the payment of one order id, whichever comes first (the inputs interleave as they
     * will); an order still unpaid when the watermark passes 10 ms after it is reported unmatched (the watermark
     * of both inputs has passed the payment's time then, so the answer does not depend on the interleaving).
     */
    static final class MatchWithTimeout extends KeyedCoProcessFunction<String, Event, Event, String> {
        private transient ValueState<Long> order;
        private transient ValueState<Long> payment;

        @Override
        public void open(OpenContext openContext) {
            order = getRuntimeContext().getState(new ValueStateDescriptor<>("order", Long.class));
            payment = getRuntimeContext().getState(new ValueStateDescriptor<>("payment", Long.class));
        }

        @Override
        public void processElement1(Event value, Context ctx, Collector<String> out) throws Exception {
            order.update(value.value());
            ctx.timerService().registerEventTimeTimer(value.time() + 10);
            if (payment.value() != null) {
                out.collect("paid " + ctx.getCurrentKey() + " order " + value.value() + " by " + payment.value());
            }
        }

        @Override
        public void processElement2(Event value, Context ctx, Collector<String> out) throws Exception {
            payment.update(value.value());
            if (order.value() != null) {
                out.collect("paid " + ctx.getCurrentKey() + " order " + order.value() + " by " + value.value());
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            if (payment.value() == null) {
                out.collect("unmatched " + ctx.getCurrentKey() + " order " + order.value() + " at " + timestamp + " "
                        + ctx.timeDomain());
            }
            order.clear();
            payment.clear();
        }
    }

    /** Keeps each key's order values; at the end of the input, sums them times the key's broadcast rule. */
    static final class ApplyRules extends KeyedBroadcastProcessFunction<String, Event, Rule, String> {
        private final ListStateDescriptor<Long> values = new ListStateDescriptor<>("values", Long.class);

        @Override
        public void processElement(Event order, ReadOnlyContext ctx, Collector<String> out) throws Exception {
            getRuntimeContext().getListState(values).add(order.value());
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
        }

        @Override
        public void processBroadcastElement(Rule rule, Context ctx, Collector<String> out)
                throws Exception {
            ctx.getBroadcastState(RULES).put(rule.key(), rule.factor());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            Long factor = ctx.getBroadcastState(RULES).get(ctx.getCurrentKey());
            long sum = 0;
            ListState<Long> kept = getRuntimeContext().getListState(values);
            for (long value : kept.get()) {
                sum += value;
            }
            out.collect("rule " + ctx.getCurrentKey() + " " + (factor == null ? "none" : sum * factor));
        }
    }
}
