package dev.weir.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.TimeDomain;
import dev.weir.api.functions.BroadcastProcessFunction;
import dev.weir.api.functions.KeyedBroadcastProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.BroadcastState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.typeinfo.Types;
import dev.weir.state.KeyGroups;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The broadcast operators driven through the harness: broadcast state, keyed state, timers, snapshots, rescaling. */
class BroadcastOperatorsTest {
    private static final int MAX = KeyGroups.DEFAULT_MAX_PARALLELISM;
    static final MapStateDescriptor<String, Long> RULES = new MapStateDescriptor<>("rules", Types.STRING, Types.LONG);
    static final ValueStateDescriptor<Long> TOTAL = new ValueStateDescriptor<>("total", Types.LONG);

    /** The harness of these cases (heap state; the RocksDB variant of this test overrides it). */
    OperatorHarness.Builder harness() {
        return OperatorHarness.builder();
    }

    /**
     * Payments "account:amount" (keyed by account) against rules broadcast as "name=threshold" ("-name"
     * removes one, "!reset" clears every account's total through applyToKeyedState): emits
     * "alert name account amount" for each rule a payment exceeds, keeps a total per account and, for a
     * payment with a timestamp, a timer 10 later that emits the total.
     */
    static final class PaymentRules extends KeyedBroadcastProcessFunction<String, String, String, String> {
        private transient ValueState<Long> total;

        @Override
        public void open(OpenContext openContext) {
            total = getRuntimeContext().getState(TOTAL);
        }

        @Override
        public void processElement(String payment, ReadOnlyContext ctx, Collector<String> out) throws Exception {
            long amount = Long.parseLong(payment.split(":")[1]);
            total.update((total.value() == null ? 0 : total.value()) + amount);
            for (Map.Entry<String, Long> rule : ctx.getBroadcastState(RULES).immutableEntries()) {
                if (amount > rule.getValue()) {
                    out.collect("alert " + rule.getKey() + " " + ctx.getCurrentKey() + " " + amount);
                }
            }
            if (ctx.timestamp() != null) {
                ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 10);
            }
        }

        @Override
        public void processBroadcastElement(String rule, Context ctx, Collector<String> out) throws Exception {
            BroadcastState<String, Long> rules = ctx.getBroadcastState(RULES);
            if (rule.equals("!reset")) {
                ctx.<ValueState<Long>>applyToKeyedState(TOTAL, (account, state) -> {
                    out.collect("reset " + account + " " + state.value());
                    state.clear();
                });
            } else if (rule.startsWith("-")) {
                rules.remove(rule.substring(1));
            } else {
                String[] parts = rule.split("=");
                rules.put(parts[0], Long.parseLong(parts[1]));
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            out.collect("timer " + ctx.getCurrentKey() + "@" + timestamp + " "
                    + (ctx.timeDomain() == TimeDomain.EVENT_TIME ? "event" : "processing") + " total=" + total.value()
                    + " rules=" + ctx.getBroadcastState(RULES).contains("big"));
        }
    }

    /** Emits, for each record, the rules this subtask holds, sorted: to compare the copies of subtasks. */
    static final class ShowRules extends KeyedBroadcastProcessFunction<String, String, String, String> {
        @Override
        public void processElement(String key, ReadOnlyContext ctx, Collector<String> out) throws Exception {
            Map<String, Long> rules = new TreeMap<>();
            ctx.getBroadcastState(RULES).immutableEntries().forEach(e -> rules.put(e.getKey(), e.getValue()));
            out.collect(rules.toString());
        }

        @Override
        public void processBroadcastElement(String rule, Context ctx, Collector<String> out) throws Exception {
            String[] parts = rule.split("=");
            ctx.getBroadcastState(RULES).put(parts[0], Long.parseLong(parts[1]));
        }
    }

    private static String account(String payment) {
        return payment.split(":")[0];
    }

    private OperatorHarness.TwoInput<String, String, String> paymentRules(HarnessSnapshot restore) {
        OperatorHarness.Builder builder = harness();
        if (restore != null) {
            builder.restoreFrom(restore);
        }
        return builder.forKeyedBroadcastProcess(new PaymentRules(), BroadcastOperatorsTest::account, RULES);
    }

    @Test
    void aBroadcastElementUpdatesTheBroadcastStateThatAKeyedElementReads() throws Exception {
        try (var harness = paymentRules(null)) {
            harness.processElement1("a:500"); // no rules yet
            harness.processElement2("big=100");
            harness.processElement1("a:500");
            harness.processElement1("b:50");
            harness.processElement2("huge=1000");
            harness.processElement1("b:5000");
            harness.processElement2("-big");
            harness.processElement1("c:5000");

            assertEquals(List.of("alert big a 500", "alert big b 5000", "alert huge b 5000", "alert huge c 5000"),
                    harness.takeOutput());
        }
    }

    @Test
    void theReadOnlyContextRefusesWritesToTheBroadcastState_naming_it() throws Exception {
        KeyedBroadcastProcessFunction<String, String, String, String> writer =
                new KeyedBroadcastProcessFunction<>() {
                    @Override
                    public void processElement(String value, ReadOnlyContext ctx, Collector<String> out) throws Exception {
                        ((BroadcastState<String, Long>) ctx.getBroadcastState(RULES)).put(value, 1L);
                    }

                    @Override
                    public void processBroadcastElement(String value, Context ctx, Collector<String> out) {
                    }
                };
        try (var harness = harness().forKeyedBroadcastProcess(writer, (String s) -> s, RULES)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> harness.processElement1("x"));
            assertTrue(e.getMessage().contains("broadcast state 'rules' is read-only"), e.getMessage());
            assertTrue(e.getMessage().contains("processBroadcastElement"), e.getMessage());
        }
        BroadcastProcessFunction<String, String, String> entryWriter = new BroadcastProcessFunction<>() {
            @Override
            public void processElement(String value, ReadOnlyContext ctx, Collector<String> out) throws Exception {
                ctx.getBroadcastState(RULES).immutableEntries().iterator().next().setValue(7L);
            }

            @Override
            public void processBroadcastElement(String value, Context ctx, Collector<String> out) throws Exception {
                ctx.getBroadcastState(RULES).put(value, 1L);
            }
        };
        try (var harness = harness().forBroadcastProcess(entryWriter, RULES)) {
            harness.processElement2("r");
            assertThrows(UnsupportedOperationException.class, () -> harness.processElement1("x"));
        }
    }

    @Test
    void keyedStateUsedInProcessBroadcastElementFails_becauseNoKeyIsCurrentThere() throws Exception {
        KeyedBroadcastProcessFunction<String, String, String, String> function =
                new KeyedBroadcastProcessFunction<>() {
                    private ValueState<Long> seen;

                    @Override
                    public void open(OpenContext openContext) {
                        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.LONG));
                    }

                    @Override
                    public void processElement(String value, ReadOnlyContext ctx, Collector<String> out) throws Exception {
                        seen.update(1L);
                    }

                    @Override
                    public void processBroadcastElement(String value, Context ctx, Collector<String> out) throws Exception {
                        out.collect("seen " + seen.value()); // the last keyed record's key must not leak in here
                    }
                };
        try (var harness = harness().forKeyedBroadcastProcess(function, (String s) -> s, RULES)) {
            harness.processElement1("a");
            Exception e = assertThrows(Exception.class, () -> harness.processElement2("rule"));
            assertTrue(String.valueOf(e.getMessage()).contains("no current key")
                    || String.valueOf(e.getCause()).contains("no current key"), String.valueOf(e));
        }
    }

    @Test
    void aDescriptorNotGivenToBroadcastIsRefused() throws Exception {
        MapStateDescriptor<String, Long> other = new MapStateDescriptor<>("other", Types.STRING, Types.LONG);
        BroadcastProcessFunction<String, String, String> function = new BroadcastProcessFunction<>() {
            @Override
            public void processElement(String value, ReadOnlyContext ctx, Collector<String> out) {
            }

            @Override
            public void processBroadcastElement(String value, Context ctx, Collector<String> out) throws Exception {
                ctx.getBroadcastState(other).put(value, 1L);
            }
        };
        try (var harness = harness().forBroadcastProcess(function, RULES)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> harness.processElement2("r"));
            assertTrue(e.getMessage().contains("'other'") && e.getMessage().contains("[rules]"), e.getMessage());
        }
    }

    @Test
    void applyToKeyedStateVisitsEveryKeyWithStateOnce_andMayClearIt() throws Exception {
        try (var harness = paymentRules(null)) {
            for (int i = 0; i < 50; i++) {
                harness.processElement1("k" + (i % 10) + ":" + i);
            }
            harness.processElement2("!reset");

            Set<String> expected = new TreeSet<>();
            for (int k = 0; k < 10; k++) {
                long total = 0;
                for (int i = k; i < 50; i += 10) {
                    total += i;
                }
                expected.add("reset k" + k + " " + total);
            }
            List<String> output = harness.takeOutput();
            assertEquals(10, output.size(), "each key once: " + output);
            assertEquals(expected, new TreeSet<>(output));

            harness.processElement2("!reset");
            assertEquals(List.of(), harness.takeOutput(), "the states were cleared: no key has a value");
            harness.processElement1("k3:7");
            harness.processElement2("!reset");
            assertEquals(List.of("reset k3 7"), harness.takeOutput());
        }
    }

    @Test
    void applyToKeyedStateOverAMapStateVisitsEachKeyOnce_howeverManyEntriesItHas() throws Exception {
        MapStateDescriptor<Long, Long> amounts = new MapStateDescriptor<>("amounts", Types.LONG, Types.LONG);
        KeyedBroadcastProcessFunction<String, String, String, String> function = new KeyedBroadcastProcessFunction<>() {
            private transient dev.weir.api.state.MapState<Long, Long> byAmount;

            @Override
            public void open(OpenContext openContext) {
                byAmount = getRuntimeContext().getMapState(amounts);
            }

            @Override
            public void processElement(String payment, ReadOnlyContext ctx, Collector<String> out) throws Exception {
                long amount = Long.parseLong(payment.split(":")[1]);
                byAmount.put(amount, amount * 2);
            }

            @Override
            public void processBroadcastElement(String value, Context ctx, Collector<String> out) throws Exception {
                ctx.<dev.weir.api.state.MapState<Long, Long>>applyToKeyedState(amounts, (account, state) -> {
                    long sum = 0;
                    for (Map.Entry<Long, Long> entry : state.entries()) {
                        sum += entry.getValue();
                    }
                    out.collect(account + "=" + sum);
                });
            }
        };
        try (var harness = harness().forKeyedBroadcastProcess(function, BroadcastOperatorsTest::account, RULES)) {
            for (int i = 0; i < 30; i++) {
                harness.processElement1("a" + (i % 3) + ":" + i);
            }
            harness.processElement2("sum");

            assertEquals(List.of("a0=270", "a1=290", "a2=310"), harness.takeOutput().stream().sorted().toList());
        }
    }

    @Test
    void theKeyedVariantHasTimersPerKeyThatFireOnTheCombinedWatermark() throws Exception {
        try (var harness = paymentRules(null)) {
            harness.processElement2("big=1", 0);
            harness.processElement1("a:5", 100);
            harness.processElement1("b:7", 200);
            harness.processElement1("a:3", 105);
            harness.takeOutput();

            harness.processWatermark1(300);
            assertEquals(List.of(), harness.takeOutput(), "the broadcast input has no watermark yet");
            harness.processWatermark2(112);
            assertEquals(List.of("timer a@110 event total=8 rules=true"), harness.takeOutput());
            harness.processWatermark2(Long.MAX_VALUE);
            assertEquals(List.of("timer a@115 event total=8 rules=true", "timer b@210 event total=7 rules=true"),
                    harness.takeOutput());
        }
    }

    @Test
    void aNonKeyedBroadcastProcessFunctionReadsWhatTheBroadcastSideWrote() throws Exception {
        BroadcastProcessFunction<Long, String, String> function = new BroadcastProcessFunction<>() {
            @Override
            public void processElement(Long amount, ReadOnlyContext ctx, Collector<String> out) throws Exception {
                for (Map.Entry<String, Long> rule : ctx.getBroadcastState(RULES).immutableEntries()) {
                    if (amount > rule.getValue()) {
                        out.collect(rule.getKey() + " " + amount + "@" + ctx.timestamp() + " wm " + ctx.currentWatermark());
                    }
                }
            }

            @Override
            public void processBroadcastElement(String rule, Context ctx, Collector<String> out) throws Exception {
                String[] parts = rule.split("=");
                ctx.getBroadcastState(RULES).put(parts[0], Long.parseLong(parts[1]));
            }
        };
        try (var harness = harness().forBroadcastProcess(function, RULES)) {
            harness.processElement2("big=10");
            harness.processWatermark1(5);
            harness.processWatermark2(4);
            harness.processElement1(11L, 20);
            harness.processElement1(9L, 21);

            assertEquals(List.of("big 11@20 wm 4"), harness.takeOutput());
            HarnessSnapshot snapshot = harness.snapshot(1);
            try (var restored = harness().restoreFrom(snapshot).forBroadcastProcess(function, RULES)) {
                restored.processElement1(12L, 30);
                assertEquals(List.of("big 12@30 wm " + Long.MIN_VALUE), restored.takeOutput());
            }
        }
    }

    @Test
    void whenRestoredFromASnapshot_thenBroadcastStateKeyedStateAndTimersAreBack() throws Exception {
        HarnessSnapshot snapshot;
        try (var first = paymentRules(null)) {
            first.processElement2("big=100");
            first.processElement1("a:500", 10);
            snapshot = first.snapshot(1);
            first.processElement2("huge=1000"); // after the snapshot: not in it
            first.processElement1("a:1", 11);
        }
        try (var restored = paymentRules(snapshot)) {
            restored.processElement1("b:5000");
            assertEquals(List.of("alert big b 5000"), restored.takeOutput());
            restored.processWatermark1(Long.MAX_VALUE);
            restored.processWatermark2(Long.MAX_VALUE);
            assertEquals(List.of("timer a@20 event total=500 rules=true"), restored.takeOutput());
            restored.processElement2("!reset");
            assertEquals(Set.of("reset a 500", "reset b 5000"), new TreeSet<>(restored.takeOutput()));
        }
    }

    @Test
    void whenTwoSubtasksAreRestoredAtParallelismThreeAndOne_thenEverySubtaskHoldsTheSameBroadcastState()
            throws Exception {
        List<OperatorHarness.TwoInput<String, String, String>> two = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            two.add(harness().subtask(subtask, 2).forKeyedBroadcastProcess(new ShowRules(), (String s) -> s, RULES));
        }
        for (int i = 0; i < 20; i++) {
            for (var harness : two) {
                harness.processElement2("rule" + i + "=" + i * 10); // what broadcast partitioning does
            }
        }
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < 20; i++) {
            expected.put("rule" + i, (long) i * 10);
        }
        List<HarnessSnapshot> snapshots = new ArrayList<>();
        for (var harness : two) {
            snapshots.add(harness.snapshot(3));
            harness.close();
        }
        HarnessSnapshot combined = HarnessSnapshot.combine(snapshots);

        for (int parallelism : new int[] {3, 1, 2}) {
            for (int subtask = 0; subtask < parallelism; subtask++) {
                try (var harness = harness().subtask(subtask, parallelism).restoreFrom(combined)
                        .forKeyedBroadcastProcess(new ShowRules(), (String s) -> s, RULES)) {
                    String key = keyOfSubtask(subtask, parallelism);
                    harness.processElement1(key);
                    assertEquals(List.of(expected.toString()), harness.takeOutput(),
                            "subtask " + subtask + " of " + parallelism);
                }
            }
        }
    }

    private static String keyOfSubtask(int subtask, int parallelism) {
        for (int i = 0; ; i++) {
            if (KeyGroups.subtaskForKey("k" + i, MAX, parallelism) == subtask) {
                return "k" + i;
            }
        }
    }

    /** Keeps the last value per first letter in broadcast state reached through the operator state store. */
    static final class LastByLetter extends dev.weir.api.functions.ProcessFunction<String, String>
            implements dev.weir.api.functions.CheckpointedFunction {
        private transient BroadcastState<String, String> last;

        @Override
        public void initializeState(dev.weir.api.functions.FunctionInitializationContext context) throws Exception {
            last = context.getOperatorStateStore().getBroadcastState(
                    new MapStateDescriptor<>("last", Types.STRING, Types.STRING));
            if (!context.getOperatorStateStore().getRegisteredBroadcastStateNames().equals(Set.of("last"))) {
                throw new IllegalStateException("registered: "
                        + context.getOperatorStateStore().getRegisteredBroadcastStateNames());
            }
        }

        @Override
        public void snapshotState(dev.weir.api.functions.FunctionSnapshotContext context) {
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) throws Exception {
            out.collect(value + " after " + last.get(value.substring(0, 1)));
            last.put(value.substring(0, 1), value);
        }
    }

    @Test
    void anyCheckpointedFunctionMayKeepBroadcastStateInTheOperatorStateStore_restoredToEverySubtask()
            throws Exception {
        HarnessSnapshot snapshot;
        try (var harness = OperatorHarness.builder().subtask(0, 2).forProcess(new LastByLetter());
             var second = OperatorHarness.builder().subtask(1, 2).forProcess(new LastByLetter())) {
            harness.processElement("apple");
            harness.processElement("banana");
            harness.processElement("avocado");
            assertEquals(List.of("apple after null", "banana after null", "avocado after apple"), harness.takeOutput());
            snapshot = HarnessSnapshot.combine(List.of(harness.snapshot(1), second.snapshot(1)));
        }
        for (int subtask = 0; subtask < 3; subtask++) {
            try (var restored = OperatorHarness.builder().subtask(subtask, 3).restoreFrom(snapshot)
                    .forProcess(new LastByLetter())) {
                restored.processElement("apricot");
                restored.processElement("blueberry");
                assertEquals(List.of("apricot after avocado", "blueberry after banana"), restored.takeOutput(),
                        "subtask " + subtask + " of 3");
            }
        }
    }
}
