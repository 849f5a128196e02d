package dev.weir.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;
import dev.weir.api.dag.Operation;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.ProcessJoinFunction;
import dev.weir.api.typeinfo.Types;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The interval join operator through the two-input harness: pairs in the interval, bounds, out-of-order
 * input on both sides, late records, pruning by watermark, snapshot and restore (heap; the RocksDB variant
 * of this test overrides {@link #harness()}).
 */
class IntervalJoinOperatorTest {

    OperatorHarness.Builder harness() {
        return OperatorHarness.builder();
    }

    /** A record "key:id" with its timestamp given to the harness. */
    private static final KeySelector<String, String> KEY = record -> record.split(":")[0];

    /** Emits "left|right@resultTimestamp". */
    static final class Pairs extends ProcessJoinFunction<String, String, String> {
        @Override
        public void processElement(String left, String right, Context ctx, Collector<String> out) {
            if (ctx.getTimestamp() != Math.max(ctx.getLeftTimestamp(), ctx.getRightTimestamp())) {
                throw new AssertionError("result timestamp " + ctx.getTimestamp());
            }
            out.collect(left + "|" + right + "@" + ctx.getTimestamp());
        }
    }

    private OperatorHarness.TwoInput<String, String, String> join(long lower, long upper, HarnessSnapshot restore,
                                                                  OutputTag<String> leftLate) throws Exception {
        return join(lower, upper, restore, leftLate, 0, 1);
    }

    private OperatorHarness.TwoInput<String, String, String> join(long lower, long upper, HarnessSnapshot restore,
                                                                  OutputTag<String> leftLate, int subtask,
                                                                  int parallelism) throws Exception {
        Operation.IntervalJoin operation = new Operation.IntervalJoin(KEY, KEY, lower, upper, Types.STRING,
                Types.STRING, leftLate, null, new Pairs());
        OperatorHarness.Builder builder = harness().subtask(subtask, parallelism);
        if (restore != null) {
            builder.restoreFrom(restore);
        }
        return builder.<String, String, String>buildTwoInput(new IntervalJoinOperator<String, String, String, String>(operation, new Pairs()))
                .open();
    }

    private record Timed(String record, long time) {
    }

    /** The pairs computed with plain loops: same key, right time within [left + lower, left + upper]. */
    private static List<String> expectedPairs(List<Timed> lefts, List<Timed> rights, long lower, long upper) {
        List<String> pairs = new ArrayList<>();
        for (Timed l : lefts) {
            for (Timed r : rights) {
                if (KEY(l).equals(KEY(r)) && r.time >= l.time + lower && r.time <= l.time + upper) {
                    pairs.add(l.record + "|" + r.record + "@" + Math.max(l.time, r.time));
                }
            }
        }
        pairs.sort(null);
        return pairs;
    }

    private static String KEY(Timed t) {
        return t.record.split(":")[0];
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        copy.sort(null);
        return copy;
    }

    @Test
    void whenBothSidesArriveOutOfOrderBehindAdvancingWatermarks_thenEveryPairInTheIntervalIsJoinedExactlyOnce()
            throws Exception {
        Random random = new Random(14);
        List<Timed> lefts = new ArrayList<>();
        List<Timed> rights = new ArrayList<>();
        long lower = -3;
        long upper = 5;
        try (var harness = join(lower, upper, null, null)) {
            for (int i = 0; i < 400; i++) {
                long base = i / 4 * 2; // event time moves on; each record is up to 10 ms out of order
                long time = base + random.nextInt(10);
                String record = "k" + random.nextInt(4) + ":" + i;
                if (random.nextBoolean()) {
                    lefts.add(new Timed(record, time));
                    harness.processElement1(record, time);
                } else {
                    rights.add(new Timed(record, time));
                    harness.processElement2(record, time);
                }
                if (i % 20 == 19) { // the watermark trails event time by the disorder bound: nothing is late
                    harness.processWatermark1(base - 1);
                    harness.processWatermark2(base - 1);
                }
            }
            harness.processWatermark1(Long.MAX_VALUE);
            harness.processWatermark2(Long.MAX_VALUE);

            List<String> expected = expectedPairs(lefts, rights, lower, upper);
            assertTrue(expected.size() > 100, "the data joins enough pairs to mean something: " + expected.size());
            assertEquals(expected, sorted(harness.output()));
            assertEquals(0, harness.lateRecordsDropped());
        }
    }

    @Test
    void eachResultCarriesTheLargerOfTheTwoTimestamps() throws Exception {
        try (var harness = join(-10, 10, null, null)) {
            harness.processElement1("a:L", 20);
            harness.processElement2("a:R1", 15);
            harness.processElement2("a:R2", 27);

            assertEquals(List.of("a:L|a:R1@20", "a:L|a:R2@27"), harness.output());
            assertEquals(List.of(20L, 27L), harness.outputTimestamps());
        }
    }

    @Test
    void bothBoundsAreInclusive_andAnExclusiveBoundIsTheInclusiveOneMovedInByOneMillisecond() throws Exception {
        long[][] bounds = {{-2, 2}, {-1, 2}, {-2, 1}, {-1, 1}}; // inclusive forms of: none, lower, upper, both exclusive
        List<List<String>> expected = List.of(
                List.of("a:L|a:10@10", "a:L|a:11@11", "a:L|a:12@12", "a:L|a:8@10", "a:L|a:9@10"),
                List.of("a:L|a:10@10", "a:L|a:11@11", "a:L|a:12@12", "a:L|a:9@10"),
                List.of("a:L|a:10@10", "a:L|a:11@11", "a:L|a:8@10", "a:L|a:9@10"),
                List.of("a:L|a:10@10", "a:L|a:11@11", "a:L|a:9@10"));
        for (int i = 0; i < bounds.length; i++) {
            try (var harness = join(bounds[i][0], bounds[i][1], null, null)) {
                for (long t = 7; t <= 13; t++) {
                    harness.processElement2("a:" + t, t);
                }
                harness.processElement1("a:L", 10);
                harness.processElement2("b:10", 10); // another key never joins

                assertEquals(expected.get(i), sorted(harness.output()), "bounds " + bounds[i][0] + ", " + bounds[i][1]);
            }
        }
    }

    @Test
    void whenTheWatermarkPassesARecordsLastJoinableTime_thenItsStateIsRemovedAndTheStateGoesBackToEmpty()
            throws Exception {
        try (var harness = join(-5, 10, null, null)) {
            harness.processElement1("a:L", 100); // joinable by rights up to 110
            harness.processElement2("a:R", 100); // joinable by lefts up to 105
            harness.processElement1("b:L", 200);
            assertEquals(2, harness.keyedState().countKeys(IntervalJoinOperator.LEFT_BUFFER));
            assertEquals(1, harness.keyedState().countKeys(IntervalJoinOperator.RIGHT_BUFFER));

            harness.processWatermark1(106);
            harness.processWatermark2(106);
            assertEquals(0, harness.keyedState().countKeys(IntervalJoinOperator.RIGHT_BUFFER));
            assertEquals(2, harness.keyedState().countKeys(IntervalJoinOperator.LEFT_BUFFER));

            harness.processWatermark1(111);
            harness.processWatermark2(111);
            assertEquals(1, harness.keyedState().countKeys(IntervalJoinOperator.LEFT_BUFFER));

            harness.processWatermark1(210);
            harness.processWatermark2(210);
            assertEquals(0, harness.keyedState().countKeys(IntervalJoinOperator.LEFT_BUFFER));
            assertEquals(0, harness.keyedState().countKeys(IntervalJoinOperator.RIGHT_BUFFER));
            assertEquals(0, harness.keyedState().timers().size(), "no pruning timer left");
            assertEquals(List.of("a:L|a:R@100"), harness.output());
        }
    }

    @Test
    void recordsBehindTheWatermarkAreDroppedAndCountedOrSentToTheLateSideOutput() throws Exception {
        OutputTag<String> lateLefts = new OutputTag<>("late-lefts", Types.STRING);
        try (var harness = join(-5, 5, null, lateLefts)) {
            harness.processElement2("a:R", 50);
            harness.processWatermark1(50);
            harness.processWatermark2(50);
            harness.processElement1("a:late", 49);
            harness.processElement2("a:lateR", 40);
            harness.processElement1("a:onTime", 50);

            assertEquals(List.of("a:onTime|a:R@50"), harness.output());
            assertEquals(List.of("a:late"), harness.getSideOutput(lateLefts));
            assertEquals(1, harness.lateRecordsDropped(), "the late right record, without a side output");
        }
    }

    @Test
    void whenRestoredMidStream_thenBufferedRecordsJoinWithLaterOnesAndAreStillPruned() throws Exception {
        HarnessSnapshot snapshot;
        try (var first = join(0, 10, null, null)) {
            first.processElement1("a:L1", 10);
            first.processElement1("b:L2", 12);
            first.processElement2("a:R0", 15);
            snapshot = first.snapshot(1);
            first.processElement1("a:after", 11); // after the checkpoint: not in it
            assertEquals(List.of("a:L1|a:R0@15", "a:after|a:R0@15"), first.output());
        }
        try (var restored = join(0, 10, snapshot, null)) {
            restored.processElement2("a:R1", 20);
            restored.processElement2("b:R2", 21);
            restored.processElement1("a:L3", 13); // joins the restored right record at 15
            assertEquals(List.of("a:L1|a:R1@20", "a:L3|a:R0@15", "a:L3|a:R1@20", "b:L2|b:R2@21"),
                    sorted(restored.output()), "the record after the checkpoint is gone: only L1 and L3 join R1");

            restored.processWatermark1(Long.MAX_VALUE);
            restored.processWatermark2(Long.MAX_VALUE);
            assertEquals(0, restored.keyedState().countKeys(IntervalJoinOperator.LEFT_BUFFER));
            assertEquals(0, restored.keyedState().countKeys(IntervalJoinOperator.RIGHT_BUFFER));
            assertEquals(0, restored.keyedState().timers().size());
        }
    }

    @Test
    void whenTheBuffersOfTwoSubtasksAreRestoredAtParallelismOne_thenEveryBufferedRecordStillJoins() throws Exception {
        List<HarnessSnapshot> snapshots = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var harness = join(0, 10, null, null, subtask, 2)) {
                for (int i = 0; i < 40; i++) {
                    String key = "k" + i;
                    if (dev.weir.state.KeyGroups.subtaskForKey(key, dev.weir.state.KeyGroups.DEFAULT_MAX_PARALLELISM, 2)
                            == subtask) {
                        harness.processElement1(key + ":L", 100);
                        keys.add(key);
                    }
                }
                snapshots.add(harness.snapshot(3));
            }
        }
        try (var restored = join(0, 10, HarnessSnapshot.combine(snapshots), null, 0, 1)) {
            List<String> expected = new ArrayList<>();
            for (String key : keys) {
                restored.processElement2(key + ":R", 105);
                expected.add(key + ":L|" + key + ":R@105");
            }
            assertEquals(sorted(expected), sorted(restored.output()));
            restored.processWatermark1(Long.MAX_VALUE);
            restored.processWatermark2(Long.MAX_VALUE);
            assertEquals(0, restored.keyedState().countKeys(IntervalJoinOperator.LEFT_BUFFER));
        }
        assertEquals(40, keys.size());
    }

    @Test
    void theHarnessRunsAUsersProcessJoinFunctionAsAnIntervalJoin() throws Exception {
        try (var harness = harness().forIntervalJoin(new Pairs(), KEY, KEY, -1, 1)) {
            harness.processElement1("a:L", 10);
            harness.processElement2("a:R", 11);
            harness.processElement2("a:far", 12);
            assertEquals(List.of("a:L|a:R@11"), harness.output());
        }
    }

    @Test
    void aRecordWithoutATimestampFailsNamingTheOperator() throws Exception {
        try (var harness = join(0, 1, null, null)) {
            Exception e = assertThrows(Exception.class, () -> harness.processElement1("a:x"));
            assertTrue(String.valueOf(e.getMessage()).contains("no event timestamp"), e.getMessage());
        }
    }
}
