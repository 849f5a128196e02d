package dev.weir.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.functions.CoFlatMapFunction;
import dev.weir.api.functions.CoMapFunction;
import dev.weir.api.functions.CoProcessFunction;
import dev.weir.api.functions.KeyedCoProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichCoFlatMapFunction;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.KeyGroups;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The two-input operators (connected streams) driven through the harness: records, watermarks, timers, state. */
class TwoInputOperatorsTest {
    private static final int MAX = KeyGroups.DEFAULT_MAX_PARALLELISM;

    /** The harness of the keyed cases (heap state; the RocksDB variant of this test overrides it). */
    OperatorHarness.Builder harness() {
        return OperatorHarness.builder();
    }

    /** Input 1: "key:amount" orders; input 2: "key=name" customer updates kept in keyed state. */
    static final class Enrich extends KeyedCoProcessFunction<String, String, String, String> {
        private transient ValueState<String> name;

        @Override
        public void open(OpenContext openContext) {
            name = getRuntimeContext().getState(new ValueStateDescriptor<>("name", String.class));
        }

        @Override
        public void processElement1(String order, Context ctx, Collector<String> out) throws Exception {
            out.collect(order + " by " + (name.value() == null ? "?" : name.value()) + " [" + ctx.getCurrentKey() + "]");
        }

        @Override
        public void processElement2(String update, Context ctx, Collector<String> out) throws Exception {
            name.update(update.split("=")[1]);
        }
    }

    private static String keyOfOrder(String order) {
        return order.split(":")[0];
    }

    private static String keyOfUpdate(String update) {
        return update.split("=")[0];
    }

    /** Emits "key@time domain" for timers registered by records of either input at the record's time (+1 for input 2). */
    static final class Timers extends KeyedCoProcessFunction<String, String, String, String> {
        @Override
        public void processElement1(String key, Context ctx, Collector<String> out) {
            ctx.timerService().registerEventTimeTimer(ctx.timestamp());
        }

        @Override
        public void processElement2(String key, Context ctx, Collector<String> out) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 100);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect(ctx.getCurrentKey() + "@" + timestamp + " "
                    + (ctx.timeDomain() == TimeDomain.EVENT_TIME ? "event" : "processing"));
        }
    }

    @Test
    void coMapAppliesMap1ToRecordsOfTheFirstInputAndMap2ToThoseOfTheSecond() throws Exception {
        try (var harness = OperatorHarness.forCoMap(new CoMapFunction<Integer, String, String>() {
            @Override
            public String map1(Integer value) {
                return "int " + value;
            }

            @Override
            public String map2(String value) {
                return "string " + value;
            }
        })) {
            harness.processElement1(1);
            harness.processElement2("a");
            harness.processElement1(2);

            assertEquals(List.of("int 1", "string a", "int 2"), harness.takeOutput());
        }
    }

    @Test
    void aRichCoFlatMapKeepsWhatOneInputSaysAndAppliesItToTheOther() throws Exception {
        try (var harness = OperatorHarness.forCoFlatMap(new RichCoFlatMapFunction<String, String, String>() {
            private transient Set<String> blocked;

            @Override
            public void open(OpenContext openContext) {
                blocked = new HashSet<>();
            }

            @Override
            public void flatMap1(String word, Collector<String> out) {
                if (!blocked.contains(word)) {
                    out.collect(word);
                    out.collect(word.toUpperCase());
                }
            }

            @Override
            public void flatMap2(String word, Collector<String> out) {
                blocked.add(word);
            }
        })) {
            harness.processElement1("a");
            harness.processElement2("b");
            harness.processElement1("b");
            harness.processElement1("c");

            assertEquals(List.of("a", "A", "c", "C"), harness.takeOutput());
        }
    }

    @Test
    void aCoProcessFunctionSeesTimestampsAndTheCombinedWatermark_emitsToSideOutputs_andCannotRegisterTimers()
            throws Exception {
        OutputTag<String> rejected = new OutputTag<>("rejected") { };
        List<Long> watermarksSeen = new ArrayList<>();
        try (var harness = OperatorHarness.forCoProcess(new CoProcessFunction<Long, String, String>() {
            @Override
            public void processElement1(Long value, Context ctx, Collector<String> out) {
                watermarksSeen.add(ctx.timerService().currentWatermark());
                if (value < 0) {
                    ctx.output(rejected, "negative " + value);
                } else {
                    out.collect(value + "@" + ctx.timestamp());
                }
            }

            @Override
            public void processElement2(String value, Context ctx, Collector<String> out) {
                ctx.timerService().registerEventTimeTimer(10);
            }
        })) {
            harness.processElement1(5L, 50);
            harness.processElement1(-1L, 60);
            harness.processWatermark1(40);
            harness.processWatermark2(30);
            harness.processElement1(7L, 70);

            assertEquals(List.of("5@50", "7@70"), harness.takeOutput());
            assertEquals(List.of("negative -1"), harness.getSideOutput(rejected));
            assertEquals(List.of(Long.MIN_VALUE, Long.MIN_VALUE, 30L), watermarksSeen);
            UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                    () -> harness.processElement2("x"));
            assertTrue(refused.getMessage().contains("KeyedCoProcessFunction"), refused.getMessage());
        }
    }

    @Test
    void aKeyedCoProcessFunctionSharesTheStateOfAKeyBetweenBothInputs() throws Exception {
        try (var harness = harness().forKeyedCoProcess(new Enrich(), TwoInputOperatorsTest::keyOfOrder,
                TwoInputOperatorsTest::keyOfUpdate)) {
            harness.processElement1("c1:10");
            harness.processElement2("c1=Ada");
            harness.processElement2("c2=Bob");
            harness.processElement1("c1:20");
            harness.processElement1("c2:30");
            harness.processElement2("c1=Ada L.");
            harness.processElement1("c1:40");
            harness.processElement1("c3:50");

            assertEquals(List.of("c1:10 by ? [c1]", "c1:20 by Ada [c1]", "c2:30 by Bob [c2]",
                    "c1:40 by Ada L. [c1]", "c3:50 by ? [c3]"), harness.takeOutput());
        }
    }

    @Test
    void eventTimeTimersFireWhenTheMinimumOfBothInputsWatermarksReachesThem_andProcessingTimeTimersWithTheClock()
            throws Exception {
        try (var harness = harness().forKeyedCoProcess(new Timers(), (String k) -> k, (String k) -> k)) {
            harness.processElement1("a", 10);
            harness.processElement1("b", 20);
            harness.processElement2("c", 5);

            harness.processWatermark1(25);
            assertEquals(List.of(), harness.takeOutput(), "input 2 has no watermark yet: the operator has none");
            harness.processWatermark2(15);
            assertEquals(List.of("a@10 event"), harness.takeOutput());
            assertEquals(List.of(15L), harness.watermarks());
            harness.processWatermark2(30);
            assertEquals(List.of("b@20 event"), harness.takeOutput());
            assertEquals(List.of(15L, 25L), harness.watermarks(), "the minimum: input 1 is at 25");

            harness.setProcessingTime(99);
            assertEquals(List.of(), harness.takeOutput());
            harness.setProcessingTime(100);
            assertEquals(List.of("c@100 processing"), harness.takeOutput());
        }
    }

    @Test
    void theWatermarkIsTheMinimumOfBothInputs_neverGoesBack_andLeavesAnIdleInputOut() throws Exception {
        try (var harness = OperatorHarness.forCoMap(new CoMapFunction<String, String, String>() {
            @Override
            public String map1(String value) {
                return value;
            }

            @Override
            public String map2(String value) {
                return value;
            }
        })) {
            harness.processWatermark1(100);
            harness.processWatermark2(50);
            assertEquals(50, harness.currentInputWatermark());
            harness.processWatermark2(80);
            harness.processWatermark1(90); // a channel's watermark going back is ignored
            assertEquals(80, harness.currentInputWatermark());

            harness.processWatermarkStatus2(true); // input 2 idle: input 1 alone decides
            assertEquals(100, harness.currentInputWatermark());
            harness.processWatermark1(120);
            assertEquals(120, harness.currentInputWatermark());

            harness.processWatermark2(110); // active again, behind: it cannot pull the watermark back
            assertEquals(120, harness.currentInputWatermark());
            harness.processWatermark2(130); // caught up: it counts again
            harness.processWatermark1(200);
            assertEquals(130, harness.currentInputWatermark());
            harness.processWatermark2(150);
            assertEquals(150, harness.currentInputWatermark());

            harness.processWatermarkStatus1(true);
            assertEquals(List.of(), harness.watermarkStatuses(), "one input idle: the operator is not");
            harness.processWatermarkStatus2(true);
            assertEquals(List.of(true), harness.watermarkStatuses(), "both inputs idle: the operator goes idle");
            harness.processWatermarkStatus1(false);
            assertEquals(List.of(true, false), harness.watermarkStatuses());
            assertEquals(List.of(50L, 80L, 100L, 120L, 130L, 150L), harness.watermarks());
        }
    }

    @Test
    void eachInputCombinesItsOwnChannelsBeforeTheTwoInputsAreCombined() throws Exception {
        try (var harness = OperatorHarness.builder().inputChannels(2).forCoMap(new CoMapFunction<String, String, String>() {
            @Override
            public String map1(String value) {
                return value;
            }

            @Override
            public String map2(String value) {
                return value;
            }
        })) {
            harness.processWatermark(1, 0, 100);
            harness.processWatermark(2, 0, 100);
            harness.processWatermark(2, 1, 100);
            assertEquals(Long.MIN_VALUE, harness.currentInputWatermark(), "channel 1 of input 1 has none yet");
            harness.processWatermark(1, 1, 70);
            assertEquals(70, harness.currentInputWatermark());
            harness.processWatermarkStatus(1, 1, true);
            assertEquals(100, harness.currentInputWatermark());
        }
    }

    // ---- snapshots and rescaling ----

    private OperatorHarness.TwoInput<String, String, String> enrich(int subtask, int parallelism,
                                                                    HarnessSnapshot restore) {
        OperatorHarness.Builder builder = harness().subtask(subtask, parallelism);
        if (restore != null) {
            builder.restoreFrom(restore);
        }
        return builder.forKeyedCoProcess(new Enrich(), TwoInputOperatorsTest::keyOfOrder,
                TwoInputOperatorsTest::keyOfUpdate);
    }

    @Test
    void whenRestoredFromASnapshot_thenTheStateWrittenByTheSecondInputServesTheFirstAndPendingTimersFire()
            throws Exception {
        HarnessSnapshot snapshot;
        try (var first = harness().forKeyedCoProcess(new Timers(), (String k) -> k, (String k) -> k)) {
            first.processElement1("a", 10);
            first.processElement2("b");
            snapshot = first.snapshot(1);
            first.processElement1("c", 20); // after the snapshot: not in it
        }
        try (var restored = harness().restoreFrom(snapshot)
                .forKeyedCoProcess(new Timers(), (String k) -> k, (String k) -> k)) {
            restored.processWatermark1(Long.MAX_VALUE);
            restored.processWatermark2(Long.MAX_VALUE);
            restored.setProcessingTime(100);

            assertEquals(List.of("a@10 event", "b@100 processing"), restored.takeOutput());
        }

        HarnessSnapshot names;
        try (var harness = enrich(0, 1, null)) {
            harness.processElement2("c1=Ada");
            names = harness.snapshot(2);
        }
        try (var restored = enrich(0, 1, names)) {
            restored.processElement1("c1:10");
            assertEquals(List.of("c1:10 by Ada [c1]"), restored.takeOutput());
        }
    }

    @Test
    void whenTheKeyedStateOfTwoSubtasksIsRestoredAtParallelismThreeAndOne_thenEveryKeyKeepsItsState()
            throws Exception {
        Map<String, String> expected = new TreeMap<>();
        List<OperatorHarness.TwoInput<String, String, String>> two = List.of(enrich(0, 2, null), enrich(1, 2, null));
        for (int i = 0; i < 100; i++) {
            String key = "c" + i;
            two.get(KeyGroups.subtaskForKey(key, MAX, 2)).processElement2(key + "=name" + i);
            expected.put(key, key + ":1 by name" + i + " [" + key + "]");
        }
        List<HarnessSnapshot> snapshots = new ArrayList<>();
        for (var harness : two) {
            snapshots.add(harness.snapshot(7));
            harness.close();
        }
        HarnessSnapshot combined = HarnessSnapshot.combine(snapshots);

        for (int parallelism : new int[] {3, 1}) {
            Map<String, String> seen = new TreeMap<>();
            for (int subtask = 0; subtask < parallelism; subtask++) {
                try (var harness = enrich(subtask, parallelism, combined)) {
                    for (String key : expected.keySet()) {
                        if (KeyGroups.subtaskForKey(key, MAX, parallelism) == subtask) {
                            harness.processElement1(key + ":1");
                        }
                    }
                    for (String line : harness.takeOutput()) {
                        seen.put(line.split(":")[0], line);
                    }
                }
            }
            assertEquals(expected, seen, "at parallelism " + parallelism);
        }
    }

    @Test
    void onKeyedConnectedStreamsARichCoMapFunctionSeesTheKeyedStateOfEachRecordsKey() throws Exception {
        CoMapOperator<String, String, String> operator = new CoMapOperator<>(
                new dev.weir.api.functions.RichCoMapFunction<String, String, String>() {
                    private transient ValueState<String> name;

                    @Override
                    public void open(OpenContext openContext) {
                        name = getRuntimeContext().getState(new ValueStateDescriptor<>("name", String.class));
                    }

                    @Override
                    public String map1(String order) throws Exception {
                        return order + " by " + name.value();
                    }

                    @Override
                    public String map2(String update) throws Exception {
                        name.update(update.split("=")[1]);
                        return "updated " + update;
                    }
                }, TwoInputOperatorsTest::keyOfOrder, TwoInputOperatorsTest::keyOfUpdate);
        try (var harness = harness().buildTwoInput(operator)) {
            harness.processElement2("c1=Ada");
            harness.processElement2("c2=Bob");
            harness.processElement1("c1:10");
            harness.processElement1("c2:20");

            assertEquals(List.of("updated c1=Ada", "updated c2=Bob", "c1:10 by Ada", "c2:20 by Bob"),
                    harness.takeOutput());
        }
    }
}
