package dev.weir.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.functions.AggregateFunction;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copy-on-write snapshots of the heap keyed-state backend, their files, and restore by key group. */
class HeapSnapshotTest {
    private static final int MAX = 128;
    private static final KeyGroupRange ALL = KeyGroupRange.forSubtask(MAX, 1, 0);

    @TempDir
    Path dir;

    private final AtomicInteger files = new AtomicInteger();

    /** Sums longs in a Double accumulator: an accumulator held as bits in the table's rows. */
    static final class SumAsDouble implements AggregateFunction<Long, Double, Double> {
        @Override
        public Double createAccumulator() {
            return 0.0;
        }

        @Override
        public Double add(Long value, Double accumulator) {
            return accumulator + value;
        }

        @Override
        public Double getResult(Double accumulator) {
            return accumulator;
        }

        @Override
        public Double merge(Double a, Double b) {
            return a + b;
        }
    }

    /**
     * A backend with a value, a list, a map, a reducing and an aggregating state registered (after an optional
     * restore); the value (Long), the reduced value (Integer) and the accumulator (Double) are held as bits.
     */
    static final class Subject {
        final HeapKeyedStateBackend backend;
        final ValueState<Long> value;
        final ListState<String> list;
        final MapState<String, Long> map;
        final ReducingState<Integer> count;
        final AggregatingState<Long, Double> sum;

        Subject(KeyGroupRange range, List<Path> restoreFrom) throws IOException {
            backend = new HeapKeyedStateBackend(range, MAX);
            backend.restoreFiles(restoreFrom);
            value = backend.getState(new ValueStateDescriptor<>("value", Long.class));
            list = backend.getListState(new ListStateDescriptor<>("list", String.class));
            map = backend.getMapState(new MapStateDescriptor<>("map", String.class, Long.class));
            count = backend.getReducingState(new ReducingStateDescriptor<>("count", Integer::sum, Integer.class));
            sum = backend.getAggregatingState(new AggregatingStateDescriptor<>("sum", new SumAsDouble(), Double.class));
        }

        Subject(KeyGroupRange range) throws IOException {
            this(range, List.of());
        }

        boolean owns(long key) {
            return backend.getKeyGroupRange().contains(KeyGroups.keyGroupFor(key, MAX));
        }

        /** Every state of every owned key in {@code keys}, as text (absent states leave no trace). */
        Map<Long, String> dump(Collection<Long> keys) {
            Map<Long, String> dump = new TreeMap<>();
            for (long key : keys) {
                if (!owns(key)) {
                    continue;
                }
                backend.setCurrentKey(key);
                List<String> elements = new ArrayList<>();
                list.get().forEach(elements::add);
                Map<String, Long> entries = new TreeMap<>();
                map.entries().forEach(e -> entries.put(e.getKey(), e.getValue()));
                if (value.value() != null || !elements.isEmpty() || !entries.isEmpty() || count.get() != null
                        || sum.get() != null) {
                    dump.put(key, "v=" + value.value() + " l=" + elements + " m=" + entries + " c=" + count.get()
                            + " s=" + sum.get());
                }
            }
            return dump;
        }

        void fill(Collection<Long> keys) {
            for (long key : keys) {
                if (owns(key)) {
                    backend.setCurrentKey(key);
                    value.update(key);
                    list.add(key + "-a");
                    list.add(key + "-b");
                    map.put("x", key);
                    map.put("y", key + 1);
                    count.add(1);
                    sum.add(key);
                }
            }
        }

        /** Changes every kind of state in place, removes some, adds new keys. */
        void mutate(Collection<Long> keys, long round) {
            for (long key : keys) {
                if (!owns(key)) {
                    continue;
                }
                backend.setCurrentKey(key);
                switch ((int) (key % 4)) {
                    case 0 -> {
                        value.update(key + 1000 * round);
                        list.add("new-" + round);
                        map.put("x", -round);
                        map.remove("y");
                        count.add((int) round);
                        sum.add(-key * round);
                    }
                    case 1 -> {
                        value.clear();
                        list.update(List.of("replaced-" + round));
                        map.put("z", round);
                        count.clear();
                        sum.add(round);
                    }
                    case 2 -> {
                        list.clear();
                        map.clear();
                        sum.clear();
                    }
                    default -> map.remove("x");
                }
            }
        }
    }

    private static List<Long> keys(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private Path file() {
        return dir.resolve("snapshot-" + files.incrementAndGet() + ".keyed");
    }

    private Path write(KeyedStateSnapshot snapshot) throws IOException {
        Path file = file();
        snapshot.writeTo(file);
        return file;
    }

    @Test
    void whenStateChangesAfterASnapshot_thenTheSnapshotStillWritesTheStateOfThatMoment() throws IOException {
        Subject subject = new Subject(ALL);
        List<Long> keys = keys(0, 200);
        subject.fill(keys);
        Map<Long, String> atSnapshot = subject.dump(keys(0, 300));

        KeyedStateSnapshot snapshot = subject.backend.snapshot();
        Path before = write(snapshot);
        subject.mutate(keys, 1);
        subject.fill(keys(200, 300)); // keys new after the snapshot
        Path after = write(snapshot);

        assertNotEquals(atSnapshot, subject.dump(keys(0, 300)), "the writes took effect in the live state");
        assertArrayEquals(Files.readAllBytes(before), Files.readAllBytes(after));
        assertEquals(atSnapshot, new Subject(ALL, List.of(after)).dump(keys(0, 300)));
    }

    @Test
    void whenASnapshotIsWrittenOnAnotherThreadWhileStateKeepsChanging_thenTheFileHoldsTheSnapshotMoment()
            throws Exception {
        Subject subject = new Subject(ALL);
        List<Long> keys = keys(0, 2_000);
        subject.fill(keys);
        Map<Long, String> atSnapshot = subject.dump(keys);
        KeyedStateSnapshot snapshot = subject.backend.snapshot();
        Path file = file();
        AtomicReference<Throwable> failure = new AtomicReference<>();

        Thread writer = new Thread(() -> {
            try {
                snapshot.writeTo(file);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        writer.start();
        for (int round = 1; round <= 20; round++) {
            subject.mutate(keys, round);
            subject.fill(keys(2_000 + round * 10L, 2_010 + round * 10L));
        }
        writer.join();

        assertEquals(null, failure.get());
        assertEquals(atSnapshot, new Subject(ALL, List.of(file)).dump(keys(0, 3_000)));
    }

    @Test
    void whenASnapshotIsReleased_thenLaterWritesAppearInTheNextSnapshot() throws IOException {
        Subject subject = new Subject(ALL);
        List<Long> keys = keys(0, 100);
        subject.fill(keys);
        KeyedStateSnapshot first = subject.backend.snapshot();
        Path firstFile = write(first);
        subject.backend.release();

        subject.mutate(keys, 3);
        Map<Long, String> afterRelease = subject.dump(keys);
        Path secondFile = write(subject.backend.snapshot());
        subject.backend.release();

        assertEquals(afterRelease, new Subject(ALL, List.of(secondFile)).dump(keys));
        assertNotEquals(afterRelease, new Subject(ALL, List.of(firstFile)).dump(keys));
    }

    @Test
    void whenTwoSnapshotsAreInFlightAndOneIsReleased_thenTheOtherIsStillProtected() throws IOException {
        Subject subject = new Subject(ALL);
        List<Long> keys = keys(0, 100);
        subject.fill(keys);
        KeyedStateSnapshot first = subject.backend.snapshot();
        subject.mutate(keys, 1);
        Map<Long, String> atSecond = subject.dump(keys);
        KeyedStateSnapshot second = subject.backend.snapshot();
        write(first);

        subject.backend.release(); // the first is written; the second is still being written
        subject.mutate(keys, 2);
        subject.fill(keys);

        assertEquals(atSecond, new Subject(ALL, List.of(write(second))).dump(keys));
    }

    @Test
    void whenRestoredIntoSubtasksOfAnotherParallelism_thenEachGetsExactlyTheKeysOfItsKeyGroups() throws IOException {
        List<Long> keys = keys(0, 500);
        Subject old = new Subject(ALL);
        old.fill(keys);
        Map<Long, String> all = old.dump(keys);
        Path file = write(old.backend.snapshot());

        Map<Long, String> union = new TreeMap<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            KeyGroupRange range = KeyGroupRange.forSubtask(MAX, 3, subtask);
            Subject restored = new Subject(range, List.of(file));
            Map<Long, String> mine = restored.dump(keys);
            long expectedKeys = keys.stream().filter(k -> range.contains(KeyGroups.keyGroupFor(k, MAX))).count();
            assertEquals(expectedKeys, restored.backend.countKeys("value"), "subtask " + subtask);
            assertEquals(expectedKeys, mine.size(), "subtask " + subtask);
            mine.keySet().forEach(k -> assertFalse(union.containsKey(k), "key " + k + " restored twice"));
            union.putAll(mine);
            long foreign = keys.stream().filter(k -> !range.contains(KeyGroups.keyGroupFor(k, MAX))).findFirst()
                    .orElseThrow();
            assertThrows(IllegalStateException.class, () -> restored.backend.setCurrentKey(foreign));
        }
        assertEquals(all, union);
    }

    @Test
    void whenTheFilesOfSeveralOldSubtasksAreRestored_thenScalingUpAndDownKeepsEveryKey() throws IOException {
        List<Long> keys = keys(0, 400);
        Map<Long, String> expected = new TreeMap<>();
        List<Path> twoFiles = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            Subject old = new Subject(KeyGroupRange.forSubtask(MAX, 2, subtask));
            old.fill(keys);
            old.mutate(keys, subtask + 1);
            expected.putAll(old.dump(keys));
            twoFiles.add(write(old.backend.snapshot()));
        }

        // 2 -> 3: the middle subtask's range spans both old files.
        Map<Long, String> atThree = new TreeMap<>();
        List<Path> threeFiles = new ArrayList<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            Subject restored = new Subject(KeyGroupRange.forSubtask(MAX, 3, subtask), twoFiles);
            atThree.putAll(restored.dump(keys));
            threeFiles.add(write(restored.backend.snapshot()));
        }
        // 3 -> 1
        Map<Long, String> atOne = new Subject(ALL, threeFiles).dump(keys);

        assertEquals(expected, atThree);
        assertEquals(expected, atOne);
    }

    @Test
    void whenTimersAreSnapshotted_thenTheyAreRestoredInOrderAndOnlyIntoTheSubtaskOwningTheirKey()
            throws IOException {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX);
        List<TimerQueue.Timer> timers = new ArrayList<>();
        for (long key = 0; key < 60; key++) {
            timers.add(new TimerQueue.Timer(1_000 + (key % 7) * 100, key));
            timers.add(new TimerQueue.Timer(5_000 + key, key));
        }
        timers.forEach(t -> backend.timers().add(t));
        KeyedStateSnapshot snapshot = backend.snapshot();
        backend.timers().add(new TimerQueue.Timer(1, 999L)); // after the snapshot: not in it
        assertFalse(snapshot.isEmpty(), "timers alone make a snapshot non-empty");
        Path file = write(snapshot);

        HeapKeyedStateBackend restored = new HeapKeyedStateBackend(ALL, MAX);
        restored.restoreFiles(List.of(file));
        List<TimerQueue.Timer> polled = new ArrayList<>();
        for (TimerQueue.Timer t = restored.timers().poll(); t != null; t = restored.timers().poll()) {
            polled.add(t);
        }
        assertEquals(timers.size(), polled.size());
        assertTrue(polled.containsAll(timers));
        for (int i = 1; i < polled.size(); i++) {
            assertTrue(polled.get(i - 1).timestamp() <= polled.get(i).timestamp(), "in timestamp order");
        }

        int total = 0;
        for (int subtask = 0; subtask < 2; subtask++) {
            KeyGroupRange range = KeyGroupRange.forSubtask(MAX, 2, subtask);
            HeapKeyedStateBackend part = new HeapKeyedStateBackend(range, MAX);
            part.restoreFiles(List.of(file));
            total += part.timers().size();
            for (TimerQueue.Timer t = part.timers().poll(); t != null; t = part.timers().poll()) {
                assertTrue(range.contains(KeyGroups.keyGroupFor(t.key(), MAX)), "timer of key " + t.key());
            }
        }
        assertEquals(timers.size(), total);
    }

    @Test
    void whenARestoredStateIsNotRegisteredAgain_thenItIsCarriedIntoTheNextSnapshotsUnchanged() throws IOException {
        List<Long> keys = keys(0, 300);
        Subject original = new Subject(ALL);
        original.fill(keys);
        Map<Long, String> originalDump = original.dump(keys);
        Path first = write(original.backend.snapshot());

        // Two subtasks that only know the value state: list and map stay bytes, split by key group.
        List<Path> second = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            HeapKeyedStateBackend backend = new HeapKeyedStateBackend(KeyGroupRange.forSubtask(MAX, 2, subtask), MAX);
            backend.restoreFiles(List.of(first));
            ValueState<Long> value = backend.getState(new ValueStateDescriptor<>("value", Long.class));
            for (long key : keys) {
                if (backend.getKeyGroupRange().contains(KeyGroups.keyGroupFor(key, MAX))) {
                    backend.setCurrentKey(key);
                    value.update(value.value() * 10);
                }
            }
            second.add(write(backend.snapshot()));
        }

        Map<Long, String> restored = new Subject(ALL, second).dump(keys);

        Map<Long, String> expected = new TreeMap<>();
        originalDump.forEach((key, text) -> expected.put(key, text.replaceFirst("^v=\\d+", "v=" + key * 10)));
        assertEquals(expected, restored);
    }

    @Test
    void whenARestoredStateIsAskedForAsAnotherKind_thenRegistrationFailsNamingBoth() throws IOException {
        Subject original = new Subject(ALL);
        original.fill(keys(0, 10));
        Path file = write(original.backend.snapshot());
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX);
        backend.restoreFiles(List.of(file));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> backend.getListState(new ListStateDescriptor<>("value", Long.class)));

        assertTrue(e.getMessage().contains("VALUE") && e.getMessage().contains("LIST"), e.getMessage());
    }

    @Test
    void whenEveryEntryWasRemoved_thenTheSnapshotIsEmpty() throws IOException {
        Subject subject = new Subject(ALL);
        assertTrue(subject.backend.snapshot().isEmpty());
        subject.backend.release();

        subject.fill(List.of(1L));
        assertFalse(subject.backend.snapshot().isEmpty());
        subject.backend.release();

        subject.backend.setCurrentKey(1L);
        subject.value.clear();
        subject.list.clear();
        subject.map.remove("x");
        subject.map.remove("y");
        subject.count.clear();
        subject.sum.clear();
        assertTrue(subject.backend.snapshot().isEmpty());
    }

    @Test
    void valuesOfTypeLongIntegerAndDoubleAreHeldAsBits_andBehaveAsObjectsThroughSnapshotAndRestore() throws IOException {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX);
        ValueState<Long> longs = backend.getState(new ValueStateDescriptor<>("longs", Long.class));
        ValueState<Integer> ints = backend.getState(new ValueStateDescriptor<>("ints", dev.weir.api.typeinfo.Types.INT));
        ValueState<Double> doubles = backend.getState(new ValueStateDescriptor<>("doubles", Double.class));
        ValueState<String> strings = backend.getState(new ValueStateDescriptor<>("strings", String.class));
        Map<String, StateTable> tables = backend.tables();
        assertEquals(ValueKind.LONG, tables.get("longs").valueKind());
        assertEquals(ValueKind.INT, tables.get("ints").valueKind());
        assertEquals(ValueKind.DOUBLE, tables.get("doubles").valueKind());
        assertEquals(ValueKind.OBJECT, tables.get("strings").valueKind());
        Subject subject = new Subject(ALL);
        assertEquals(ValueKind.INT, subject.backend.tables().get("count").valueKind());
        assertEquals(ValueKind.DOUBLE, subject.backend.tables().get("sum").valueKind());

        for (long key = -5; key < 50; key++) {
            backend.setCurrentKey(key);
            longs.update(key * Long.MAX_VALUE / 64);
            ints.update((int) -key);
            doubles.update(key == 0 ? Double.NaN : 1.0 / key);
            strings.update("s" + key);
        }
        backend.setCurrentKey(7L);
        longs.update(null); // null clears, as in Flink
        assertEquals(null, longs.value());
        assertEquals(-7, ints.value());
        Path file = write(backend.snapshot());
        backend.release();

        HeapKeyedStateBackend restored = new HeapKeyedStateBackend(KeyGroupRange.forSubtask(MAX, 2, 1), MAX);
        restored.restoreFiles(List.of(file));
        ValueState<Long> restoredLongs = restored.getState(new ValueStateDescriptor<>("longs", Long.class));
        ValueState<Double> restoredDoubles = restored.getState(new ValueStateDescriptor<>("doubles", Double.class));
        int owned = 0;
        for (long key = -5; key < 50; key++) {
            if (!restored.getKeyGroupRange().contains(KeyGroups.keyGroupFor(key, MAX))) {
                continue;
            }
            owned++;
            restored.setCurrentKey(key);
            assertEquals(key == 7 ? null : key * Long.MAX_VALUE / 64, restoredLongs.value(), "key " + key);
            assertEquals(key == 0 ? Double.NaN : 1.0 / key, restoredDoubles.value(), "key " + key);
        }
        assertTrue(owned > 0 && owned < 55, "the restored subtask owns some of the keys: " + owned);
    }
}
