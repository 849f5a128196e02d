package dev.weir.rocksdb;

import static dev.weir.rocksdb.RocksTesting.checkpoint;
import static dev.weir.rocksdb.RocksTesting.restored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.KeyedStateHandle;
import dev.weir.state.RestoredKeyedState;
import dev.weir.state.TimerQueue;
import dev.weir.state.serialization.Serializers;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RocksDB keyed state restored at another parallelism: each new subtask takes the key groups of its range. */
class RocksDBRescaleTest {
    private static final int MAX = KeyGroups.DEFAULT_MAX_PARALLELISM;
    private static final int KEYS = 5_000;

    @TempDir
    Path dir;

    private final List<KeyedStateBackend> open = new ArrayList<>();

    @AfterEach
    void closeBackends() throws Exception {
        for (KeyedStateBackend backend : open) {
            backend.close();
        }
    }

    /** A backend of subtask {@code subtask} of {@code parallelism}, with a value, a list and a map state. */
    final class Subtask {
        final KeyedStateBackend backend;
        final List<TimerQueue.Timer> registered = new ArrayList<>();
        final int index;
        final ValueState<Long> value;
        final ListState<String> list;
        final MapState<String, Long> map;

        Subtask(int index, int parallelism, List<RestoredKeyedState> restore) throws Exception {
            this.index = index;
            // Copying key groups (not clipping) is what these tests exercise; RocksDBClipRestoreTest covers clipping.
            backend = RocksDBStateBackend.create().workingDirectory(dir.resolve("work")).restoreByClipping(false)
                    .create(RocksTesting.UID, index, KeyGroupRange.forSubtask(MAX, parallelism, index), MAX,
                            Serializers.builtInOnly());
            open.add(backend);
            backend.restore(restore);
            value = backend.getState(new ValueStateDescriptor<>("value", Long.class));
            list = backend.getListState(new ListStateDescriptor<>("list", String.class));
            map = backend.getMapState(new MapStateDescriptor<>("map", String.class, Long.class));
        }

        boolean owns(long key) {
            return backend.getKeyGroupRange().contains(KeyGroups.keyGroupFor(key, MAX));
        }

        void fill() {
            for (long key = 0; key < KEYS; key++) {
                if (owns(key)) {
                    backend.setCurrentKey(key);
                    value.update(key * 7);
                    list.addAll(List.of("l" + key, "from-" + index));
                    map.put("k", key);
                    map.put("sub", (long) index);
                    if (key % 10 == 0) {
                        TimerQueue.Timer timer = new TimerQueue.Timer(1_000 + key, key);
                        backend.timers().add(timer);
                        registered.add(timer);
                    }
                }
            }
        }

        /** Every owned key's state as text. */
        Map<Long, String> dump() {
            Map<Long, String> dump = new TreeMap<>();
            for (long key = 0; key < KEYS; key++) {
                if (owns(key)) {
                    backend.setCurrentKey(key);
                    List<String> elements = new ArrayList<>();
                    list.get().forEach(elements::add);
                    Map<String, Long> entries = new TreeMap<>();
                    map.entries().forEach(e -> entries.put(e.getKey(), e.getValue()));
                    if (value.value() != null || !elements.isEmpty() || !entries.isEmpty()) {
                        dump.put(key, "v=" + value.value() + " l=" + elements + " m=" + entries);
                    }
                }
            }
            return dump;
        }

        long ownedKeys() {
            long owned = 0;
            for (long key = 0; key < KEYS; key++) {
                owned += owns(key) ? 1 : 0;
            }
            return owned;
        }

        /** Takes every timer out of the backend, in order. */
        List<TimerQueue.Timer> drainTimers() {
            List<TimerQueue.Timer> timers = new ArrayList<>();
            for (TimerQueue.Timer t = backend.timers().poll(); t != null; t = backend.timers().poll()) {
                timers.add(t);
            }
            return timers;
        }
    }

    private record Old(KeyGroupRange range, KeyedStateHandle handle) {
    }

    /** The old subtasks whose key groups overlap {@code range}, as the runtime picks them. */
    private List<RestoredKeyedState> overlapping(List<Old> old, KeyGroupRange range) {
        List<RestoredKeyedState> states = new ArrayList<>();
        for (Old o : old) {
            if (o.range().first() <= range.last() && o.range().last() >= range.first()) {
                states.add(restored(dir.resolve("job"), o.handle(), o.range()));
            }
        }
        return states;
    }

    private List<Old> snapshotTwoSubtasks(Map<Long, String> expected, List<TimerQueue.Timer> timers)
            throws Exception {
        List<Old> old = new ArrayList<>();
        for (int index = 0; index < 2; index++) {
            Subtask subtask = new Subtask(index, 2, List.of());
            subtask.fill();
            expected.putAll(subtask.dump());
            timers.addAll(subtask.registered);
            old.add(new Old(subtask.backend.getKeyGroupRange(), checkpoint(subtask.backend, dir.resolve("job"), index,
                    1)));
            subtask.backend.notifyCheckpointComplete(1);
        }
        assertEquals(KEYS, expected.size());
        return old;
    }

    @Test
    void whenTwoSubtasksAreRestoredIntoThree_thenEachHoldsExactlyTheKeysOfItsRange() throws Exception {
        Map<Long, String> expected = new TreeMap<>();
        List<TimerQueue.Timer> timers = new ArrayList<>();
        List<Old> old = snapshotTwoSubtasks(expected, timers);

        Map<Long, String> union = new TreeMap<>();
        List<TimerQueue.Timer> restoredTimers = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            KeyGroupRange range = KeyGroupRange.forSubtask(MAX, 3, index);
            List<RestoredKeyedState> restore = overlapping(old, range);
            assertEquals(index == 1 ? 2 : 1, restore.size(), "the middle subtask spans both old ones");
            Subtask subtask = new Subtask(index, 3, restore);

            Map<Long, String> mine = subtask.dump();
            assertEquals(subtask.ownedKeys(), mine.size(), "subtask " + index);
            assertEquals(subtask.ownedKeys(), subtask.backend.countKeys("value"), "no foreign key, subtask " + index);
            assertEquals(subtask.ownedKeys(), subtask.backend.countKeys("list"), "subtask " + index);
            mine.forEach((key, text) -> assertEquals(expected.get(key), text, "key " + key));
            mine.keySet().forEach(key -> assertFalse(union.containsKey(key), "key " + key + " restored twice"));
            union.putAll(mine);
            for (TimerQueue.Timer timer : subtask.drainTimers()) {
                assertTrue(subtask.owns((Long) timer.key()), "timer of key " + timer.key() + " in subtask " + index);
                restoredTimers.add(timer);
            }
            long foreign = 0;
            while (subtask.owns(foreign)) {
                foreign++;
            }
            long key = foreign;
            assertThrows(IllegalStateException.class, () -> subtask.backend.setCurrentKey(key));
        }
        assertEquals(expected, union);
        assertEquals(timers.size(), restoredTimers.size());
        assertTrue(restoredTimers.containsAll(timers));
    }

    @Test
    void whenTwoSubtasksAreRestoredIntoOne_thenItHoldsEveryKey() throws Exception {
        Map<Long, String> expected = new TreeMap<>();
        List<TimerQueue.Timer> timers = new ArrayList<>();
        List<Old> old = snapshotTwoSubtasks(expected, timers);

        Subtask one = new Subtask(0, 1, overlapping(old, KeyGroupRange.forSubtask(MAX, 1, 0)));

        assertEquals(expected, one.dump());
        assertEquals(KEYS, one.backend.countKeys("value"));
        assertEquals(KEYS, one.backend.countKeys("list"));
        List<TimerQueue.Timer> restored = one.drainTimers();
        assertEquals(timers.size(), restored.size());
        assertTrue(restored.containsAll(timers));
    }

    @Test
    void whenRescaledTwiceWithChangesInBetween_thenTheSnapshotAfterARescaleIsCompleteOnItsOwn() throws Exception {
        Map<Long, String> expected = new TreeMap<>();
        List<Old> two = snapshotTwoSubtasks(expected, new ArrayList<>());

        // 2 -> 3, change every third key, snapshot; then 3 -> 1.
        List<Old> three = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            KeyGroupRange range = KeyGroupRange.forSubtask(MAX, 3, index);
            Subtask subtask = new Subtask(index, 3, overlapping(two, range));
            for (long key = 0; key < KEYS; key += 3) {
                if (subtask.owns(key)) {
                    subtask.backend.setCurrentKey(key);
                    subtask.value.update(-key);
                    subtask.map.remove("sub");
                }
            }
            expected.putAll(subtask.dump());
            KeyedStateHandle handle = checkpoint(subtask.backend, dir.resolve("job"), index, 2);
            three.add(new Old(range, handle));
        }
        // The first snapshot after a rescale does not build on files of the old subtasks.
        for (Old o : three) {
            for (Old before : two) {
                before.handle().sharedFiles().forEach(f -> assertFalse(o.handle().sharedFiles().contains(f),
                        f + " of the old subtasks referenced after the rescale"));
            }
        }
        RocksDBKeyedStateBackend.deleteRecursively(dir.resolve("job").resolve("chk-1"));
        for (Old before : two) {
            for (var f : before.handle().sharedFiles()) {
                java.nio.file.Files.delete(dir.resolve("job").resolve(f.path()));
            }
        }

        Subtask one = new Subtask(0, 1, overlapping(three, KeyGroupRange.forSubtask(MAX, 1, 0)));

        assertEquals(expected, one.dump());
        one.backend.setCurrentKey(3L);
        assertEquals(-3L, one.value.value());
        assertNull(one.map.get("sub"));
    }

    // ---- through the operator harness ----

    @Test
    void whenHarnessSnapshotsOfTwoSubtasksAreCombined_thenRestoringAtThreeAndOneKeepsEveryCount() throws Exception {
        RocksDBStateBackend rocks = RocksDBStateBackend.create().workingDirectory(dir.resolve("work"));
        Map<String, Long> expected = new TreeMap<>();
        List<HarnessSnapshot> snapshots = new ArrayList<>();
        List<OperatorHarness<String, String>> two = new ArrayList<>();
        for (int index = 0; index < 2; index++) {
            two.add(OperatorHarness.builder().subtask(index, 2).stateBackend(rocks)
                    .forKeyedProcess(new CountPerKey(), (String key) -> key));
        }
        for (int i = 0; i < 300; i++) {
            String key = "key-" + i;
            long times = i % 4 + 1;
            for (int t = 0; t < times; t++) {
                two.get(KeyGroups.subtaskForKey(key, MAX, 2)).processElement(key);
            }
            expected.put(key, times);
        }
        for (var harness : two) {
            snapshots.add(harness.snapshot(4));
            harness.close();
        }
        HarnessSnapshot combined = HarnessSnapshot.combine(snapshots);

        for (int parallelism : new int[] {3, 1}) {
            List<OperatorHarness<String, String>> harnesses = new ArrayList<>();
            long restoredKeys = 0;
            for (int index = 0; index < parallelism; index++) {
                var harness = OperatorHarness.builder().subtask(index, parallelism).stateBackend(rocks)
                        .restoreFrom(combined).forKeyedProcess(new CountPerKey(), (String key) -> key).open();
                harnesses.add(harness);
                restoredKeys += harness.keyedState().countKeys("count");
            }
            assertEquals(expected.size(), restoredKeys, "every key restored exactly once at " + parallelism);
            Map<String, Long> counts = new HashMap<>();
            for (String key : expected.keySet()) {
                var harness = harnesses.get(KeyGroups.subtaskForKey(key, MAX, parallelism));
                harness.processElement(key);
                String out = harness.takeOutput().get(0);
                counts.put(key, Long.parseLong(out.substring(out.indexOf('=') + 1)));
            }
            for (var harness : harnesses) {
                harness.close();
            }
            Map<String, Long> plusOne = new TreeMap<>();
            expected.forEach((key, count) -> plusOne.put(key, count + 1));
            assertEquals(plusOne, new TreeMap<>(counts), "at parallelism " + parallelism);
        }
    }

    /** Running count per key; emits "key=count". */
    static final class CountPerKey extends dev.weir.api.functions.KeyedProcessFunction<String, String, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(dev.weir.api.functions.OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(String key, Context context, dev.weir.api.Collector<String> out) {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            out.collect(key + "=" + next);
        }
    }
}
