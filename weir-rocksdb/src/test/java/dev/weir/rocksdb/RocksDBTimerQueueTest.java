package dev.weir.rocksdb;

import static dev.weir.rocksdb.RocksTesting.checkpoint;
import static dev.weir.rocksdb.RocksTesting.restored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.HeapTimerQueue;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.KeyedStateHandle;
import dev.weir.state.RestoredKeyedState;
import dev.weir.state.TimerQueue;
import dev.weir.state.TimerQueue.Timer;
import dev.weir.state.serialization.Serializers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RocksDB backend's timers, against a real RocksDB. */
class RocksDBTimerQueueTest {
    private static final int MAX = KeyGroups.DEFAULT_MAX_PARALLELISM;
    private static final int CACHE = RocksDBKeyedStateBackend.TIMER_CACHE_PER_KEY_GROUP;

    @TempDir
    Path dir;
    private final List<KeyedStateBackend> open = new ArrayList<>();

    /** A namespace as a window operator files timers under. */
    record Window(long start, long end) {
    }

    @AfterEach
    void closeAll() throws Exception {
        for (KeyedStateBackend backend : open) {
            backend.close();
        }
    }

    private KeyedStateBackend backend(int maxParallelism, int subtask, int parallelism) throws Exception {
        return backend(maxParallelism, subtask, parallelism, RocksDBStateBackend.create());
    }

    private KeyedStateBackend backend(int maxParallelism, int subtask, int parallelism, RocksDBStateBackend factory)
            throws Exception {
        KeyedStateBackend backend = factory.workingDirectory(dir.resolve("work")).create(RocksTesting.UID, subtask,
                KeyGroupRange.forSubtask(maxParallelism, parallelism, subtask), maxParallelism,
                Serializers.builtInOnly());
        open.add(backend);
        return backend;
    }

    private Path job() {
        return dir.resolve("job");
    }

    /** Adds as an operator does: with the timer's key as the backend's current key. */
    private static boolean add(KeyedStateBackend backend, Timer timer) {
        backend.setCurrentKey(timer.key());
        return backend.timers().add(timer);
    }

    private static List<Timer> drainEventTime(TimerQueue queue) {
        List<Timer> timers = new ArrayList<>();
        for (Timer t = queue.pollEventTime(); t != null; t = queue.pollEventTime()) {
            timers.add(t);
        }
        return timers;
    }

    private static List<Timer> drainProcessingTime(TimerQueue queue) {
        List<Timer> timers = new ArrayList<>();
        for (Timer t = queue.poll(); t != null; t = queue.poll()) {
            timers.add(t);
        }
        return timers;
    }

    private static void assertInTimestampOrder(List<Timer> timers) {
        for (int i = 1; i < timers.size(); i++) {
            assertTrue(timers.get(i - 1).timestamp() <= timers.get(i).timestamp(),
                    timers.get(i - 1) + " before " + timers.get(i));
        }
    }

    private static Object namespace(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> new Window(random.nextInt(5), 100);
            default -> "ns" + random.nextInt(3);
        };
    }

    @Test
    void eachDomainComesOutInTimestampOrderAcrossKeysKeyGroupsAndNamespaces_negativeTimesFirst() throws Exception {
        KeyedStateBackend backend = backend(8, 0, 1);
        TimerQueue queue = backend.timers();
        Random random = new Random(42);
        Set<Timer> expected = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            Timer timer = new Timer(random.nextInt(20_000) - 10_000, (long) random.nextInt(500), namespace(random),
                    random.nextBoolean());
            boolean added = i % 3 == 0 ? queue.add(timer) : add(backend, timer); // some for another key than the current
            assertEquals(expected.add(timer), added, "added only once: " + timer);
        }
        assertEquals(expected.size(), queue.size());
        assertTrue(((RocksDBTimerQueue) queue).cachedTimers() <= 8 * 2 * CACHE,
                "the heap holds at most the cache of each key group and domain");

        List<Timer> eventTime = drainEventTime(queue);
        List<Timer> processingTime = drainProcessingTime(queue);
        assertInTimestampOrder(eventTime);
        assertInTimestampOrder(processingTime);
        assertTrue(eventTime.get(0).timestamp() < 0, "signed order: negative timestamps come first");
        assertEquals(expected.stream().filter(Timer::eventTime).collect(java.util.stream.Collectors.toSet()),
                new HashSet<>(eventTime));
        assertEquals(expected.size(), eventTime.size() + processingTime.size(), "each timer once");
        assertEquals(0, queue.size());
        assertNull(queue.peek());
        assertNull(queue.peekEventTime());
    }

    @Test
    void registeringTheSameTimerAgainKeepsOne_anotherDomainOrNamespaceIsAnotherTimer() throws Exception {
        KeyedStateBackend backend = backend(MAX, 0, 1);
        TimerQueue queue = backend.timers();
        assertTrue(add(backend, new Timer(100, 5L, new Window(0, 100), true)));
        assertFalse(add(backend, new Timer(100, 5L, new Window(0, 100), true)), "an equal namespace: the same timer");
        assertTrue(add(backend, new Timer(100, 5L, new Window(0, 100), false)));
        assertTrue(add(backend, new Timer(100, 5L, null, true)));
        assertTrue(add(backend, new Timer(100, 6L, null, true)));
        // far beyond the cached head: deduplicated through RocksDB itself
        for (long t = 1_000; t < 1_000 + 3 * CACHE; t++) {
            assertTrue(add(backend, new Timer(t, 5L, null, true)));
        }
        assertFalse(add(backend, new Timer(1_000 + 3 * CACHE - 1, 5L, null, true)));
        assertEquals(4 + 3 * CACHE, queue.size());
        assertEquals(3 + 3 * CACHE, drainEventTime(queue).size());
        assertEquals(List.of(new Timer(100, 5L, new Window(0, 100), false)), drainProcessingTime(queue));
    }

    @Test
    void deletedTimersNeverFire_whetherCachedOrOnlyInRocksDB() throws Exception {
        KeyedStateBackend backend = backend(MAX, 0, 1);
        TimerQueue queue = backend.timers();
        for (long t = 0; t < 1_000; t++) {
            add(backend, new Timer(t, 7L, null, true)); // one key: one key group, cache overflows
        }
        assertTrue(queue.remove(new Timer(0, 7L, null, true)), "the head");
        assertEquals(1, queue.peekEventTime().timestamp());
        assertTrue(queue.remove(new Timer(500, 7L, null, true)), "beyond the cache: in RocksDB only");
        assertTrue(queue.remove(new Timer(999, 7L, null, true)));
        assertFalse(queue.remove(new Timer(500, 7L, null, true)), "already gone");
        assertFalse(queue.remove(new Timer(5_000, 7L, null, true)), "never there");
        assertFalse(queue.remove(new Timer(1, 7L, null, false)), "the other domain");
        assertEquals(997, queue.size());

        List<Timer> fired = drainEventTime(queue);
        assertEquals(997, fired.size());
        assertInTimestampOrder(fired);
        assertTrue(fired.stream().noneMatch(t -> t.timestamp() == 0 || t.timestamp() == 500 || t.timestamp() == 999));
        assertTrue(add(backend, new Timer(500, 7L, null, true)), "a deleted timer can be registered again");
    }

    @Test
    void theCacheRefillsFromRocksDBAsItRunsEmpty_andEarlierTimersRegisteredMeanwhileComeFirst() throws Exception {
        KeyedStateBackend backend = backend(1, 0, 1); // one key group: everything in one cache
        TimerQueue queue = backend.timers();
        for (long t = 10 * CACHE; t > 0; t--) { // descending: every add lands before the cached head
            add(backend, new Timer(t * 10, t, null, true));
        }
        assertEquals(CACHE, ((RocksDBTimerQueue) queue).cachedTimers());
        List<Timer> fired = new ArrayList<>();
        for (int i = 0; i < 5 * CACHE + 3; i++) {
            fired.add(queue.pollEventTime());
        }
        // the cache ran empty several times; now timers before, between and after what is left
        add(backend, new Timer(5, 1_000_001L, null, true));
        add(backend, new Timer(fired.get(fired.size() - 1).timestamp() + 5, 1_000_002L, null, true));
        add(backend, new Timer(1_000_000, 1_000_003L, null, true));
        fired.addAll(drainEventTime(queue));
        assertEquals(10 * CACHE + 3, fired.size());
        assertEquals(5, fired.get(5 * CACHE + 3).timestamp(), "registered late but earliest: next to fire");
        assertInTimestampOrder(fired.subList(5 * CACHE + 4, fired.size()));
        assertEquals(1_000_000, fired.get(fired.size() - 1).timestamp());
        assertTrue(((RocksDBTimerQueue) queue).cachedTimers() == 0);
    }

    @Test
    void underRandomRegistrationsDeletionsAndFiringsItBehavesAsTheHeapQueue() throws Exception {
        KeyedStateBackend backend = backend(4, 0, 1);
        TimerQueue rocks = backend.timers();
        HeapTimerQueue model = new HeapTimerQueue();
        List<Timer> added = new ArrayList<>();
        Random random = new Random(7);
        for (int op = 0; op < 40_000; op++) {
            int what = random.nextInt(100);
            if (what < 60) {
                Timer timer = new Timer(random.nextInt(50_000), (long) random.nextInt(64), namespace(random),
                        random.nextInt(4) != 0);
                assertEquals(model.add(timer), add(backend, timer), "add " + timer);
                added.add(timer);
            } else if (what < 75 && !added.isEmpty()) {
                Timer timer = added.get(random.nextInt(added.size()));
                assertEquals(model.remove(timer), rocks.remove(timer), "remove " + timer);
            } else {
                boolean eventTime = random.nextInt(4) != 0;
                Timer expected = eventTime ? model.peekEventTime() : model.peek();
                Timer actual = eventTime ? rocks.pollEventTime() : rocks.poll();
                if (expected == null) {
                    assertNull(actual);
                } else {
                    // same timestamp; among equal timestamps each backend has its own order
                    assertEquals(expected.timestamp(), actual.timestamp());
                    assertTrue(model.remove(actual), "polled a timer that is pending: " + actual);
                }
            }
        }
        assertTrue(model.size() > 4 * 2 * CACHE, "enough timers that the caches overflowed: " + model.size());
        assertEquals(model.size(), rocks.size());
        for (Timer t = rocks.pollEventTime(); t != null; t = rocks.pollEventTime()) {
            assertEquals(model.peekEventTime().timestamp(), t.timestamp());
            assertTrue(model.remove(t));
        }
        assertNull(model.peekEventTime());
    }

    @Test
    void timersComeBackFromASnapshotAtTheSameParallelism_andAtTwoOthersByKeyGroup() throws Exception {
        RocksDBStateBackend copying = RocksDBStateBackend.create().restoreByClipping(false);
        List<KeyedStateHandle> handles = new ArrayList<>();
        List<KeyGroupRange> ranges = new ArrayList<>();
        Set<Timer> all = new HashSet<>();
        Random random = new Random(3);
        for (int subtask = 0; subtask < 2; subtask++) {
            KeyedStateBackend backend = backend(MAX, subtask, 2);
            for (long key = 0; key < 3_000; key++) {
                if (backend.getKeyGroupRange().contains(KeyGroups.keyGroupFor(key, MAX))) {
                    for (int i = 0; i < 3; i++) {
                        Timer timer = new Timer(random.nextInt(100_000), key, i == 0 ? null : new Window(i, i + 1),
                                i != 2);
                        add(backend, timer);
                        all.add(timer);
                    }
                }
            }
            handles.add(checkpoint(backend, job(), subtask, 1));
            ranges.add(backend.getKeyGroupRange());
        }

        for (int parallelism : new int[] {2, 3, 1}) {
            for (RocksDBStateBackend factory : List.of(RocksDBStateBackend.create(), copying)) {
                Set<Timer> restored = new HashSet<>();
                for (int subtask = 0; subtask < parallelism; subtask++) {
                    KeyedStateBackend backend = backend(MAX, subtask, parallelism, factory);
                    List<RestoredKeyedState> states = new ArrayList<>();
                    for (int old = 0; old < 2; old++) {
                        KeyGroupRange range = backend.getKeyGroupRange();
                        if (ranges.get(old).first() <= range.last() && ranges.get(old).last() >= range.first()) {
                            states.add(restored(job(), handles.get(old), ranges.get(old)));
                        }
                    }
                    backend.restore(states);
                    List<Timer> eventTime = drainEventTime(backend.timers());
                    List<Timer> processingTime = drainProcessingTime(backend.timers());
                    assertInTimestampOrder(eventTime);
                    assertInTimestampOrder(processingTime);
                    List<Timer> both = new ArrayList<>(eventTime);
                    both.addAll(processingTime);
                    for (Timer timer : both) {
                        assertTrue(backend.getKeyGroupRange().contains(KeyGroups.keyGroupFor(timer.key(), MAX)),
                                "only timers of its own key groups: " + timer);
                    }
                    eventTime.forEach(t -> assertTrue(restored.add(t), "restored twice: " + t));
                    processingTime.forEach(t -> assertTrue(restored.add(t), "restored twice: " + t));
                }
                assertEquals(all, restored, "parallelism " + parallelism);
            }
        }
    }

    @Test
    void aCheckpointAfterOneWithTheSameTimersUploadsNoTimerFile_andTheTimersAreNoStateName() throws Exception {
        KeyedStateBackend backend = backend(MAX, 0, 1);
        for (long key = 0; key < 200_000; key++) {
            add(backend, new Timer(1_000_000 + key, key, null, true));
        }
        KeyedStateHandle first = checkpoint(backend, job(), 0, 1);
        backend.notifyCheckpointComplete(1);
        KeyedStateHandle second = checkpoint(backend, job(), 0, 2);
        backend.notifyCheckpointComplete(2);

        assertTrue(first.bytesWritten() > 1_000_000, "200,000 timers are written once: " + first.bytesWritten());
        assertEquals(RocksTesting.sharedPaths(first), RocksTesting.sharedPaths(second), "the same SST files");
        assertTrue(second.bytesWritten() < first.bytesWritten() / 20,
                "unchanged timers are not uploaded again: " + second.bytesWritten() + " of " + first.bytesWritten());

        for (int i = 0; i < 10; i++) {
            backend.timers().pollEventTime();
        }
        add(backend, new Timer(5, 1L, null, true));
        KeyedStateHandle third = checkpoint(backend, job(), 0, 3);
        assertTrue(third.bytesWritten() < first.bytesWritten() / 20,
                "a few fired and one new timer upload little: " + third.bytesWritten());
        assertTrue(RocksTesting.manifest(job(), third).columnFamilies().stream()
                .anyMatch(cf -> cf.name().equals(RocksDBTimerQueue.COLUMN_FAMILY)));
        assertEquals(List.of(), backend.snapshot(4).stateNames(), "timers are not a state a function registered");
        backend.release();

        KeyedStateBackend restored = backend(MAX, 0, 1);
        restored.restore(List.of(restored(job(), third, KeyGroupRange.forSubtask(MAX, 1, 0))));
        assertEquals(200_000 - 10 + 1, restored.timers().size());
        assertFalse(add(restored, new Timer(1_000_000 + 199_999, 199_999L, null, true)),
                "the latest timer, restored: still known after the restore");
        assertFalse(add(restored, new Timer(1_000_000 + 150_000, 150_000L, null, true)));
        assertEquals(200_000 - 10 + 1, restored.timers().size());
        assertEquals(5, restored.timers().pollEventTime().timestamp());
        assertEquals(1_000_010, restored.timers().pollEventTime().timestamp());
    }

    @Test
    void aStateCannotTakeTheNameOfTheTimersColumnFamily() throws Exception {
        KeyedStateBackend backend = backend(MAX, 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.getState(new ValueStateDescriptor<>(RocksDBTimerQueue.COLUMN_FAMILY, Long.class)));
        assertTrue(e.getMessage().contains("timers"), e.getMessage());
    }
}
