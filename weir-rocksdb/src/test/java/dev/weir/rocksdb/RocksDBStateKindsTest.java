package dev.weir.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.testing.LongAverage;
import dev.weir.api.Collector;
import dev.weir.api.RuntimeContext;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.KeyGroups;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of keyed state on RocksDB, driven through the operator harness, and across snapshot and restore. */
class RocksDBStateKindsTest {
    @TempDir
    Path dir;

    private final List<OperatorHarness<?, ?>> harnesses = new ArrayList<>();

    @AfterEach
    void closeHarnesses() throws Exception {
        for (OperatorHarness<?, ?> harness : harnesses) {
            harness.close();
        }
    }

    /** The handles of one state of each kind, registered in open. */
    static final class States {
        ValueState<String> value;
        ListState<Long> list;
        MapState<Object, String> map;
        ReducingState<Long> sum;
        AggregatingState<Long, Double> average;
    }

    /** A record that runs {@code action} against the states with {@code key} as the current key. */
    record Op(Object key, Function<States, Object> action) {
    }

    /** What an {@link Op} returned (wrapped: the harness output cannot hold null). */
    record Result(Object value) {
    }

    static final class AllKinds extends KeyedProcessFunction<Object, Op, Result> {
        transient States states;

        @Override
        public void open(OpenContext openContext) {
            RuntimeContext context = getRuntimeContext();
            states = new States();
            states.value = context.getState(new ValueStateDescriptor<>("value", String.class));
            states.list = context.getListState(new ListStateDescriptor<>("list", Long.class));
            states.map = context.getMapState(new MapStateDescriptor<>("map", Object.class, String.class));
            states.sum = context.getReducingState(new ReducingStateDescriptor<>("sum", Long::sum, Long.class));
            states.average = context.getAggregatingState(new AggregatingStateDescriptor<>("average", new LongAverage(),
                    LongAverage.Avg.class));
        }

        @Override
        public void processElement(Op op, Context context, Collector<Result> out) {
            out.collect(new Result(op.action().apply(states)));
        }
    }

    private RocksDBStateBackend backend() {
        return RocksDBStateBackend.create().workingDirectory(dir.resolve("work"));
    }

    private OperatorHarness<Op, Result> harness(OperatorHarness.Builder builder) throws Exception {
        OperatorHarness<Op, Result> harness = builder.stateBackend(backend()).forKeyedProcess(new AllKinds(), Op::key);
        harnesses.add(harness);
        return harness.open();
    }

    private OperatorHarness<Op, Result> harness() throws Exception {
        return harness(OperatorHarness.builder());
    }

    private static Object call(OperatorHarness<Op, Result> harness, Object key, Function<States, Object> action)
            throws Exception {
        harness.processElement(new Op(key, action));
        List<Result> output = harness.takeOutput();
        assertEquals(1, output.size());
        return output.get(0).value();
    }

    private static void run(OperatorHarness<Op, Result> harness, Object key, java.util.function.Consumer<States> action)
            throws Exception {
        call(harness, key, s -> {
            action.accept(s);
            return null;
        });
    }

    private static <T> List<T> toList(Iterable<T> iterable) {
        List<T> list = new ArrayList<>();
        iterable.forEach(list::add);
        return list;
    }

    private static Map<Object, String> entries(States s) {
        Map<Object, String> entries = new HashMap<>();
        s.map.entries().forEach(e -> entries.put(e.getKey(), e.getValue()));
        return entries;
    }

    // ---- each kind ----

    @Test
    void whenValueStateIsUpdatedAndCleared_thenEachKeySeesOnlyItsOwnValue() throws Exception {
        var h = harness();

        assertNull(call(h, "a", s -> s.value.value()), "absent before the first update");
        run(h, "a", s -> s.value.update("one"));
        run(h, "b", s -> s.value.update("two"));
        run(h, "a", s -> s.value.update("three"));

        assertEquals("three", call(h, "a", s -> s.value.value()));
        assertEquals("two", call(h, "b", s -> s.value.value()));
        run(h, "a", s -> s.value.clear());
        assertNull(call(h, "a", s -> s.value.value()));
        run(h, "b", s -> s.value.update(null));
        assertNull(call(h, "b", s -> s.value.value()), "update(null) clears");
        assertEquals(0, h.keyedState().countKeys("value"));
    }

    @Test
    void whenListStateIsAddedToReplacedAndCleared_thenGetReturnsTheElementsInOrder() throws Exception {
        var h = harness();

        assertEquals(List.of(), call(h, 1L, s -> toList(s.list.get())), "an empty iterable when absent");
        run(h, 1L, s -> s.list.add(10L));
        run(h, 1L, s -> s.list.addAll(List.of(11L, 12L)));
        run(h, 1L, s -> s.list.addAll(List.of()));
        run(h, 2L, s -> s.list.add(20L));
        assertEquals(List.of(10L, 11L, 12L), call(h, 1L, s -> toList(s.list.get())));
        assertEquals(List.of(20L), call(h, 2L, s -> toList(s.list.get())));

        run(h, 1L, s -> s.list.update(List.of(7L, 8L)));
        assertEquals(List.of(7L, 8L), call(h, 1L, s -> toList(s.list.get())));
        run(h, 1L, s -> s.list.update(List.of()));
        assertEquals(List.of(), call(h, 1L, s -> toList(s.list.get())), "update with nothing empties it");
        run(h, 2L, s -> s.list.clear());
        assertEquals(List.of(), call(h, 2L, s -> toList(s.list.get())));
        assertEquals(0, h.keyedState().countKeys("list"));
    }

    @Test
    void whenMapStateIsUsed_thenEveryOperationSeesTheCurrentKeysEntries() throws Exception {
        var h = harness();

        assertEquals(true, call(h, "k", s -> s.map.isEmpty()));
        assertNull(call(h, "k", s -> s.map.get("x")));
        run(h, "k", s -> s.map.put("x", "1"));
        run(h, "k", s -> s.map.putAll(Map.of("y", "2", 3L, "three")));
        run(h, "k", s -> s.map.put("x", "1b")); // overwrite

        assertEquals("1b", call(h, "k", s -> s.map.get("x")));
        assertEquals("three", call(h, "k", s -> s.map.get(3L)));
        assertEquals(true, call(h, "k", s -> s.map.contains("y")));
        assertEquals(false, call(h, "k", s -> s.map.contains("z")));
        assertEquals(false, call(h, "k", s -> s.map.isEmpty()));
        assertEquals(Map.of("x", "1b", "y", "2", 3L, "three"), call(h, "k", RocksDBStateKindsTest::entries));
        assertEquals(Set.of("x", "y", 3L), call(h, "k", s -> new HashSet<>(toList(s.map.keys()))));
        assertEquals(List.of("1b", "2", "three"), call(h, "k", s -> {
            List<String> values = toList(s.map.values());
            values.sort(null);
            return values;
        }));

        run(h, "k", s -> s.map.remove("y"));
        run(h, "k", s -> s.map.remove("not there"));
        assertEquals(Map.of("x", "1b", 3L, "three"), call(h, "k", RocksDBStateKindsTest::entries));
        run(h, "k", s -> s.map.clear());
        assertEquals(true, call(h, "k", s -> s.map.isEmpty()));
        assertEquals(Map.of(), call(h, "k", RocksDBStateKindsTest::entries));
        assertEquals(0, h.keyedState().countKeys("map"));
    }

    @Test
    void whenKeysSerializeToBytesThatArePrefixesOfEachOther_thenTheirStateNeverMixes() throws Exception {
        // One key group for all keys: every key's entries sit next to each other in RocksDB.
        var h = harness(OperatorHarness.builder().maxParallelism(1));
        List<Object> keys = List.of("a", "ab", "abc", "b", "", 1L, 256L, 65536L, 0L, -1L, 1, 256);

        for (Object key : keys) {
            run(h, key, s -> {
                s.value.update("v-" + key);
                s.list.add((long) key.hashCode());
                s.map.put("m", "of-" + key);
                s.map.put(key, "self-" + key);
                s.sum.add(5L);
                s.average.add(2L);
            });
        }

        for (Object key : keys) {
            Map<Object, String> expected = new HashMap<>();
            expected.put("m", "of-" + key);
            expected.put(key, "self-" + key);
            assertEquals(expected, call(h, key, RocksDBStateKindsTest::entries), "map of key " + key);
            assertEquals("v-" + key, call(h, key, s -> s.value.value()), "value of key " + key);
            assertEquals(List.of((long) key.hashCode()), call(h, key, s -> toList(s.list.get())), "list of " + key);
            assertEquals(5L, call(h, key, s -> s.sum.get()), "sum of key " + key);
            assertEquals(2.0, call(h, key, s -> s.average.get()), "average of key " + key);
        }
        assertEquals(keys.size(), h.keyedState().countKeys("value"));

        // Clearing a key whose bytes are a prefix of another's leaves the other intact.
        run(h, "a", s -> s.map.clear());
        run(h, 1L, s -> s.map.clear());
        assertEquals(true, call(h, "a", s -> s.map.isEmpty()));
        assertEquals(Map.of("m", "of-ab", "ab", "self-ab"), call(h, "ab", RocksDBStateKindsTest::entries));
        assertEquals(Map.of("m", "of-256", 256L, "self-256"), call(h, 256L, RocksDBStateKindsTest::entries));
        assertEquals(false, call(h, "ab", s -> s.map.isEmpty()));
        assertEquals(false, call(h, "", s -> s.map.isEmpty()), "the empty string's map is its own");
    }

    @Test
    void whenMapStateHoldsSeveralEntriesPerKey_thenCountKeysCountsKeysNotEntries() throws Exception {
        var h = harness();
        for (String key : List.of("p", "q")) {
            run(h, key, s -> {
                s.map.put("one", "1");
                s.map.put("two", "2");
                s.map.put("three", "3");
            });
        }

        assertEquals(2, h.keyedState().countKeys("map"), "as the heap backend counts: keys with a value");
    }

    @Test
    void whenReducingAndAggregatingStatesAreAddedTo_thenTheyHoldTheCombinedValue() throws Exception {
        var h = harness();

        assertNull(call(h, "r", s -> s.sum.get()));
        assertNull(call(h, "r", s -> s.average.get()));
        for (long v = 1; v <= 4; v++) {
            long value = v;
            run(h, "r", s -> {
                s.sum.add(value);
                s.average.add(value * 10);
            });
        }
        run(h, "other", s -> s.sum.add(100L));

        assertEquals(10L, call(h, "r", s -> s.sum.get()));
        assertEquals(25.0, call(h, "r", s -> s.average.get()));
        assertEquals(100L, call(h, "other", s -> s.sum.get()));
        assertNull(call(h, "other", s -> s.average.get()));
        run(h, "r", s -> {
            s.sum.clear();
            s.average.clear();
        });
        assertNull(call(h, "r", s -> s.sum.get()));
        assertNull(call(h, "r", s -> s.average.get()));
        run(h, "r", s -> s.average.add(4L));
        assertEquals(4.0, call(h, "r", s -> s.average.get()), "a fresh accumulator after clear");
    }

    // ---- registration ----

    /** Registers "x" as a value, then asks for it as {@code second}. */
    static final class Conflicting extends KeyedProcessFunction<String, String, String> {
        final Function<RuntimeContext, Object> second;

        Conflicting(Function<RuntimeContext, Object> second) {
            this.second = second;
        }

        @Override
        public void open(OpenContext openContext) {
            RuntimeContext context = getRuntimeContext();
            context.getState(new ValueStateDescriptor<>("x", Long.class));
            second.apply(context);
        }

        @Override
        public void processElement(String value, Context context, Collector<String> out) {
        }
    }

    @Test
    void whenTheSameNameIsAskedForAsAnotherKind_thenRegistrationFailsNamingTheState() throws Exception {
        List<Function<RuntimeContext, Object>> others = List.of(
                c -> c.getListState(new ListStateDescriptor<>("x", Long.class)),
                c -> c.getMapState(new MapStateDescriptor<>("x", String.class, Long.class)),
                c -> c.getReducingState(new ReducingStateDescriptor<>("x", Long::sum, Long.class)),
                c -> c.getAggregatingState(new AggregatingStateDescriptor<>("x", new LongAverage(), LongAverage.Avg.class)));
        for (Function<RuntimeContext, Object> other : others) {
            var h = OperatorHarness.builder().stateBackend(backend())
                    .forKeyedProcess(new Conflicting(other), (String s) -> s);
            harnesses.add(h);

            Exception e = assertThrows(Exception.class, h::open);

            Throwable cause = e;
            while (!(cause instanceof IllegalStateException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertTrue(cause instanceof IllegalStateException, String.valueOf(e));
            assertTrue(cause.getMessage().contains("'x'"), cause.getMessage());
        }
    }

    @Test
    void whenTheSameDescriptorIsRegisteredTwice_thenBothHandlesShareTheState() throws Exception {
        var h = harness();
        h.keyedState().setCurrentKey("k");
        ValueState<String> again = h.keyedState().getState(new ValueStateDescriptor<>("value", String.class));

        again.update("through the second handle");

        assertEquals("through the second handle", call(h, "k", s -> s.value.value()));
    }

    @Test
    void whenARestoredStateIsAskedForAsAnotherKind_thenRegistrationFailsNamingBothKinds() throws Exception {
        var h = harness();
        run(h, "k", s -> s.value.update("v"));
        HarnessSnapshot snapshot = h.snapshot(1);

        var restored = OperatorHarness.builder().stateBackend(backend()).restoreFrom(snapshot)
                .forKeyedProcess(new Conflicting(c -> null), (String s) -> s);
        harnesses.add(restored);
        restored.open(); // "x" is new; "value" is restored but not asked for: fine
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> restored.keyedState().getListState(new ListStateDescriptor<>("value", String.class)));

        assertTrue(e.getMessage().contains("VALUE") && e.getMessage().contains("LIST"), e.getMessage());
    }

    // ---- snapshot and restore ----

    /** Fills every state kind for {@code keys} keys. */
    private static Map<Object, String> fill(OperatorHarness<Op, Result> h, int keys) throws Exception {
        Map<Object, String> expected = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        for (int i = 0; i < keys; i++) {
            Object key = i % 2 == 0 ? (Object) ("key-" + i) : (Object) (long) i;
            long n = i;
            run(h, key, s -> {
                s.value.update("value-" + n);
                s.list.addAll(List.of(n, n + 1));
                s.map.put("a", "A" + n);
                s.map.put(n, "N" + n);
                s.sum.add(n);
                s.sum.add(1L);
                s.average.add(n);
                s.average.add(n + 2);
            });
            expected.put(key, describe(key, n));
        }
        return expected;
    }

    private static String describe(Object key, long n) {
        return "v=value-" + n + " l=" + List.of(n, n + 1) + " m=" + new TreeMap<>(Map.of("a", "A" + n, "" + n, "N" + n))
                + " s=" + (n + 1) + " avg=" + (n + 1.0);
    }

    private static String read(OperatorHarness<Op, Result> h, Object key) throws Exception {
        return (String) call(h, key, s -> {
            Map<String, String> m = new TreeMap<>();
            s.map.entries().forEach(e -> m.put(e.getKey().toString(), e.getValue()));
            return "v=" + s.value.value() + " l=" + toList(s.list.get()) + " m=" + m + " s=" + s.sum.get()
                    + " avg=" + s.average.get();
        });
    }

    @Test
    void whenRestoredIntoAFreshHarness_thenEveryKindOfStateIsAsAtTheSnapshot() throws Exception {
        var first = harness();
        Map<Object, String> expected = fill(first, 300);
        HarnessSnapshot snapshot = first.snapshot(1);
        run(first, "key-0", s -> s.value.update("after the snapshot")); // not in it
        run(first, "late", s -> s.value.update("after the snapshot"));
        first.close();

        var restored = harness(OperatorHarness.builder().restoreFrom(snapshot));

        for (Map.Entry<Object, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), read(restored, e.getKey()), "key " + e.getKey());
        }
        assertNull(call(restored, "late", s -> s.value.value()));
        assertEquals(300, restored.keyedState().countKeys("value"));
        assertEquals(300, restored.keyedState().countKeys("sum"));
        // The restored state keeps working.
        run(restored, 1L, s -> s.sum.add(1000L));
        assertEquals(1002L, call(restored, 1L, s -> s.sum.get()));
    }

    @Test
    void whenARestoredHarnessIsSnapshottedAgain_thenThatSnapshotRestoresToo() throws Exception {
        var first = harness();
        Map<Object, String> expected = fill(first, 100);
        HarnessSnapshot one = first.snapshot(1);
        first.notifyCheckpointComplete(1);
        run(first, "key-0", s -> s.value.update("changed before 2"));
        HarnessSnapshot two = first.snapshot(2); // after a completed one: incremental
        first.close();

        var second = harness(OperatorHarness.builder().restoreFrom(two));
        assertEquals("changed before 2", call(second, "key-0", s -> s.value.value()));
        run(second, "key-2", s -> s.value.update("changed before 3"));
        HarnessSnapshot three = second.snapshot(3);
        second.close();

        var third = harness(OperatorHarness.builder().restoreFrom(three));
        assertEquals("changed before 2", call(third, "key-0", s -> s.value.value()));
        assertEquals("changed before 3", call(third, "key-2", s -> s.value.value()));
        assertEquals(expected.get(5L), read(third, 5L));
        var fromOne = harness(OperatorHarness.builder().restoreFrom(one));
        assertEquals(expected.get("key-0"), read(fromOne, "key-0"));
    }

    /** Counts records per key; {@code delay} ms after each, emits "key@time seen=count". */
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

    @Test
    void whenRestored_thenPendingTimersFireAfterTheRestoreWithTheRestoredState() throws Exception {
        HarnessSnapshot snapshot;
        try (var first = OperatorHarness.builder().stateBackend(backend())
                .forKeyedProcess(new RemindLater(1_000), (String key) -> key)) {
            first.processElement("a"); // timer at 1000
            first.setProcessingTime(500);
            first.processElements("b", "a"); // timers at 1500 for b and a
            snapshot = first.snapshot(3);
            first.setProcessingTime(5_000); // fire in the original: not part of the snapshot
            assertEquals(3, first.takeOutput().size());
        }

        try (var restored = OperatorHarness.builder().stateBackend(backend()).restoreFrom(snapshot)
                .forKeyedProcess(new RemindLater(1_000), (String key) -> key)) {
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
    void whenTheSnapshotsOfTwoSubtasksAreCombined_thenEachSubtaskOfTheSameParallelismRestoresItsOwnKeys()
            throws Exception {
        int max = KeyGroups.DEFAULT_MAX_PARALLELISM;
        List<HarnessSnapshot> snapshots = new ArrayList<>();
        Map<String, Integer> owner = new HashMap<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            var h = harness(OperatorHarness.builder().subtask(subtask, 2));
            for (int i = 0; i < 500; i++) {
                String key = "k" + i;
                if (KeyGroups.subtaskForKey(key, max, 2) == subtask) {
                    owner.put(key, subtask);
                    run(h, key, s -> s.value.update(key + "@" + owner.get(key)));
                }
            }
            snapshots.add(h.snapshot(1));
            h.close();
        }

        HarnessSnapshot combined = HarnessSnapshot.combine(snapshots);
        for (int subtask = 0; subtask < 2; subtask++) {
            var h = harness(OperatorHarness.builder().subtask(subtask, 2).restoreFrom(combined));
            int own = 0;
            for (Map.Entry<String, Integer> e : owner.entrySet()) {
                if (e.getValue() == subtask) {
                    own++;
                    assertEquals(e.getKey() + "@" + subtask, call(h, e.getKey(), s -> s.value.value()));
                }
            }
            assertEquals(own, h.keyedState().countKeys("value"), "subtask " + subtask);
        }
    }
}
