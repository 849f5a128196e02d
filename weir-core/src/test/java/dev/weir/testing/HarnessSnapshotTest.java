package dev.weir.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.KeyGroups;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Snapshots taken through the operator harness and restored into fresh harnesses, also rescaled. */
class HarnessSnapshotTest {
    private static final int MAX = KeyGroups.DEFAULT_MAX_PARALLELISM;

    /** Running count per key; emits "key=count". */
    static final class CountPerKey extends KeyedProcessFunction<String, String, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(String key, Context context, Collector<String> out) {
            Long current = count.value();
            long next = (current == null ? 0 : current) + 1;
            count.update(next);
            out.collect(key + "=" + next);
        }
    }

    /** Counts records per key and, {@code delay} ms after each, emits a reminder with the count then. */
    static final class RemindLater extends KeyedProcessFunction<String, String, String> {
        private final long delay;
        private transient ValueState<Long> seen;

        RemindLater(long delay) {
            this.delay = delay;
        }

        @Override
        public void open(OpenContext openContext) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Long.class));
        }

        @Override
        public void processElement(String key, Context context, Collector<String> out) {
            seen.update(seen.value() == null ? 1 : seen.value() + 1);
            context.timerService().registerProcessingTimeTimer(context.timerService().currentProcessingTime() + delay);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext context, Collector<String> out) {
            out.collect(context.getCurrentKey() + "@" + timestamp + " seen=" + seen.value());
        }
    }

    private static OperatorHarness<String, String> counter(int subtask, int parallelism, HarnessSnapshot restore) {
        OperatorHarness.Builder builder = OperatorHarness.builder().subtask(subtask, parallelism);
        if (restore != null) {
            builder.restoreFrom(restore);
        }
        return builder.forKeyedProcess(new CountPerKey(), (String key) -> key);
    }

    private static Map<String, Long> lastCounts(List<String> output) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : output) {
            String[] parts = line.split("=");
            counts.put(parts[0], Long.parseLong(parts[1]));
        }
        return counts;
    }

    @Test
    void whenRestoredFromASnapshotTakenBetweenRecords_thenAFreshHarnessContinuesTheCounts() throws Exception {
        HarnessSnapshot snapshot;
        try (var first = counter(0, 1, null)) {
            first.processElements("a", "a", "b");
            snapshot = first.snapshot(1);
            first.processElements("a", "c"); // after the snapshot: not in it
            assertEquals(List.of("a=1", "a=2", "b=1", "a=3", "c=1"), first.takeOutput());
        }

        try (var restored = counter(0, 1, snapshot)) {
            restored.processElements("a", "b", "c");

            assertEquals(List.of("a=3", "b=2", "c=1"), restored.takeOutput());
        }
    }

    @Test
    void whenSeveralSnapshotsAreTaken_thenEachRestoresTheStateOfItsOwnMoment() throws Exception {
        HarnessSnapshot early;
        HarnessSnapshot late;
        try (var harness = counter(0, 1, null)) {
            harness.processElements("k");
            early = harness.snapshot(1);
            harness.processElements("k", "k");
            late = harness.snapshot(2);
        }

        try (var fromEarly = counter(0, 1, early); var fromLate = counter(0, 1, late)) {
            fromEarly.processElement("k");
            fromLate.processElement("k");

            assertEquals(List.of("k=2"), fromEarly.output());
            assertEquals(List.of("k=4"), fromLate.output());
        }
        assertEquals(1, early.checkpointId());
        assertEquals(2, late.checkpointId());
    }

    @Test
    void whenTheStateOfTwoSubtasksIsCombined_thenRestoringAtParallelismThreeAndOneKeepsEveryKey() throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        List<HarnessSnapshot> snapshots = new ArrayList<>();
        List<OperatorHarness<String, String>> two = List.of(counter(0, 2, null), counter(1, 2, null));
        for (int i = 0; i < 200; i++) {
            String key = "key-" + i;
            long times = i % 5 + 1;
            for (int t = 0; t < times; t++) {
                two.get(KeyGroups.subtaskForKey(key, MAX, 2)).processElement(key);
            }
            expected.put(key, times);
        }
        for (var harness : two) {
            assertTrue(harness.keyedState().countKeys("count") > 0, "both old subtasks hold keys");
            snapshots.add(harness.snapshot(5));
            harness.close();
        }
        HarnessSnapshot combined = HarnessSnapshot.combine(snapshots);

        for (int parallelism : new int[] {3, 1}) {
            List<OperatorHarness<String, String>> harnesses = new ArrayList<>();
            for (int subtask = 0; subtask < parallelism; subtask++) {
                harnesses.add(counter(subtask, parallelism, combined).open());
            }
            long restoredKeys = 0;
            for (var harness : harnesses) {
                restoredKeys += harness.keyedState().countKeys("count");
            }
            assertEquals(expected.size(), restoredKeys, "every key restored exactly once at " + parallelism);

            for (String key : expected.keySet()) {
                harnesses.get(KeyGroups.subtaskForKey(key, MAX, parallelism)).processElement(key);
            }
            List<String> output = new ArrayList<>();
            for (var harness : harnesses) {
                output.addAll(harness.takeOutput());
                harness.close();
            }
            Map<String, Long> plusOne = new TreeMap<>();
            expected.forEach((key, count) -> plusOne.put(key, count + 1));
            assertEquals(plusOne, lastCounts(output), "at parallelism " + parallelism);
        }
    }

    @Test
    void whenNotEverySubtaskIsCombined_thenCombineFailsSayingHowManyItNeeds() throws Exception {
        HarnessSnapshot one;
        try (var harness = counter(0, 2, null)) {
            harness.processElement("x");
            one = harness.snapshot(1);
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HarnessSnapshot.combine(List.of(one)));

        assertTrue(e.getMessage().contains("2"), e.getMessage());
    }

    @Test
    void whenRestored_thenPendingTimersFireAtTheirTimeWithTheRestoredState() throws Exception {
        HarnessSnapshot snapshot;
        try (var first = OperatorHarness.forKeyedProcess(new RemindLater(1_000), (String key) -> key)) {
            first.processElement("a"); // timer at 1000
            first.setProcessingTime(500);
            first.processElements("b", "a"); // timers at 1500 (b and a)
            snapshot = first.snapshot(3);
            assertEquals(List.of(), first.takeOutput(), "nothing fired before the snapshot");
        }

        try (var restored = OperatorHarness.builder().restoreFrom(snapshot)
                .forKeyedProcess(new RemindLater(1_000), (String key) -> key)) {
            restored.open();
            assertEquals(1, restored.pendingTimers(), "the earliest restored timer is scheduled");

            restored.setProcessingTime(999);
            assertEquals(List.of(), restored.takeOutput());
            restored.setProcessingTime(1_000);
            assertEquals(List.of("a@1000 seen=2"), restored.takeOutput());
            restored.setProcessingTime(2_000);
            List<String> later = new ArrayList<>(restored.takeOutput());
            later.sort(null);
            assertEquals(List.of("a@1500 seen=2", "b@1500 seen=1"), later);
            restored.setProcessingTime(10_000);
            assertEquals(List.of(), restored.takeOutput(), "each timer fires once");
        }
    }

    @Test
    void whenTimersAreRestoredAtAnotherParallelism_thenEachFiresOnceInTheSubtaskOwningItsKey() throws Exception {
        HarnessSnapshot snapshot;
        List<String> keys = new ArrayList<>();
        try (var first = OperatorHarness.forKeyedProcess(new RemindLater(100), (String key) -> key)) {
            for (int i = 0; i < 40; i++) {
                keys.add("k" + i);
                first.processElement("k" + i);
            }
            snapshot = first.snapshot(1);
        }

        Map<String, Integer> firedIn = new HashMap<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var harness = OperatorHarness.builder().subtask(subtask, 2).restoreFrom(snapshot)
                    .forKeyedProcess(new RemindLater(100), (String key) -> key)) {
                harness.setProcessingTime(100);
                for (String line : harness.takeOutput()) {
                    String key = line.substring(0, line.indexOf('@'));
                    assertEquals(null, firedIn.put(key, subtask), "timer of " + key + " fired twice");
                    assertEquals(KeyGroups.subtaskForKey(key, MAX, 2), subtask, "timer of " + key);
                    assertTrue(line.endsWith("seen=1"), line);
                }
            }
        }
        assertEquals(keys.size(), firedIn.size());
    }
}
