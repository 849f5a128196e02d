package dev.weir.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.state.TimerQueue.Timer;
import dev.weir.state.serialization.Serializers;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HeapTimerQueue} against a plain model of its contract (a set of live timers, each domain ordered by
 * timestamp) under random registrations, deletions, peeks, polls and snapshots, with keys and namespaces of
 * several types arriving phase by phase, so that the flat layout widens in the middle of a run.
 */
class HeapTimerQueueAgainstAModelTest {

    private static final int MAX_PARALLELISM = 128;
    private static final TypeSerializer<Object> KEYS = Serializers.builtInOnly().dynamic();

    @TempDir
    Path dir;

    private int snapshots;

    private static Function<Random, Object> longKeys() {
        return random -> (long) random.nextInt(300) - 100;
    }

    private static Function<Random, Object> intKeys() {
        return random -> random.nextInt(300) - 100;
    }

    private static Function<Random, Object> stringKeys() {
        return random -> "k" + random.nextInt(300);
    }

    private static Function<Random, Object> windows() {
        return random -> {
            long start = random.nextInt(20) * 10L - 50;
            return new TimeWindow(start, start + 10 + random.nextInt(2));
        };
    }

    private static Function<Random, Object> noNamespace() {
        return random -> null;
    }

    private static Function<Random, Object> stringNamespaces() {
        return random -> "ns" + random.nextInt(5);
    }

    /** One phase: the key and namespace kinds drawn from (each phase adds kinds, widening the layout). */
    private record Phase(List<Function<Random, Object>> keys, List<Function<Random, Object>> namespaces) {
    }

    @Test
    void longKeysAndWindowsThenIntegerKeysThenNoNamespaceThenStringsBehaveAsTheModel() throws IOException {
        run(11, List.of(
                new Phase(List.of(longKeys()), List.of(windows())),
                new Phase(List.of(longKeys(), intKeys()), List.of(windows())),
                new Phase(List.of(longKeys(), intKeys()), List.of(windows(), noNamespace())),
                new Phase(List.of(longKeys(), intKeys(), stringKeys()),
                        List.of(windows(), noNamespace(), stringNamespaces()))));
    }

    @Test
    void integerKeysWithoutNamespaceThenWindowsThenLongKeysBehaveAsTheModel() throws IOException {
        run(12, List.of(
                new Phase(List.of(intKeys()), List.of(noNamespace())),
                new Phase(List.of(intKeys()), List.of(noNamespace(), windows())),
                new Phase(List.of(intKeys(), longKeys()), List.of(noNamespace(), windows()))));
    }

    @Test
    void stringKeysAndLongKeysWithWindowsOnlyBehaveAsTheModel() throws IOException {
        run(13, List.of(
                new Phase(List.of(stringKeys()), List.of(windows())),
                new Phase(List.of(stringKeys(), longKeys()), List.of(windows()))));
    }

    /** The model: live timers, and per domain the live timers by timestamp. */
    private static final class Model {
        final Set<Timer> live = new HashSet<>();
        final List<TreeMap<Long, Set<Timer>>> byTime = List.of(new TreeMap<>(), new TreeMap<>());

        boolean add(Timer timer) {
            if (!live.add(timer)) {
                return false;
            }
            byTime.get(timer.eventTime() ? 1 : 0).computeIfAbsent(timer.timestamp(), t -> new HashSet<>()).add(timer);
            return true;
        }

        boolean remove(Timer timer) {
            if (!live.remove(timer)) {
                return false;
            }
            TreeMap<Long, Set<Timer>> domain = byTime.get(timer.eventTime() ? 1 : 0);
            Set<Timer> at = domain.get(timer.timestamp());
            at.remove(timer);
            if (at.isEmpty()) {
                domain.remove(timer.timestamp());
            }
            return true;
        }

        /** The earliest timestamp of a domain, or null. */
        Long earliest(boolean eventTime) {
            TreeMap<Long, Set<Timer>> domain = byTime.get(eventTime ? 1 : 0);
            return domain.isEmpty() ? null : domain.firstKey();
        }
    }

    private void run(long seed, List<Phase> phases) throws IOException {
        Random random = new Random(seed);
        HeapTimerQueue queue = new HeapTimerQueue();
        Model model = new Model();
        List<Timer> seen = new ArrayList<>();
        int step = 0;
        for (Phase phase : phases) {
            for (int i = 0; i < 20_000; i++, step++) {
                String at = " at step " + step + " (seed " + seed + ")";
                int action = random.nextInt(100);
                if (action < 40) {
                    Timer timer = randomTimer(random, phase);
                    seen.add(timer);
                    boolean viaRecord = random.nextBoolean();
                    assertEquals(model.add(timer), viaRecord ? queue.add(timer)
                            : queue.add(timer.timestamp(), timer.key(), timer.namespace(), timer.eventTime()),
                            "add " + timer + at);
                } else if (action < 60) {
                    Timer timer = random.nextInt(10) == 0 || seen.isEmpty()
                            ? randomTimer(random, phase) : seen.get(random.nextInt(seen.size()));
                    assertEquals(model.remove(timer), random.nextBoolean() ? queue.remove(timer)
                            : queue.remove(timer.timestamp(), timer.key(), timer.namespace(), timer.eventTime()),
                            "remove " + timer + at);
                } else if (action < 62) {
                    Timer foreign = new Timer(random.nextInt(1000), 1.5, "foreign", random.nextBoolean());
                    assertEquals(false, queue.remove(foreign), "remove of a timer never added" + at);
                } else if (action < 80) {
                    boolean eventTime = random.nextBoolean();
                    Timer peeked = eventTime ? queue.peekEventTime() : queue.peek();
                    assertHead(model, eventTime, peeked, at);
                    assertSame(peeked, eventTime ? queue.peekEventTime() : queue.peek(), "peek again" + at);
                } else if (action < 99 || random.nextInt(4) != 0) {
                    boolean eventTime = random.nextBoolean();
                    Timer polled = eventTime ? queue.pollEventTime() : queue.poll();
                    assertHead(model, eventTime, polled, at);
                    if (polled != null) {
                        model.remove(polled);
                    }
                } else {
                    snapshotAndRestoreMatchTheModel(queue, model, random, phase, seen);
                }
                assertEquals(model.live.size(), queue.size(), "size" + at);
            }
        }
        assertTrue(snapshots > 20, "snapshots taken: " + snapshots);
        snapshotAndRestoreMatchTheModel(queue, model, random, phases.get(phases.size() - 1), seen);
        for (boolean eventTime : new boolean[] {true, false}) {
            for (Timer t = poll(queue, eventTime); t != null; t = poll(queue, eventTime)) {
                assertHead(model, eventTime, t, " at the final drain");
                model.remove(t);
            }
        }
        assertTrue(model.live.isEmpty(), "left in the model: " + model.live.size());
        assertEquals(0, queue.size());
    }

    private static Timer poll(HeapTimerQueue queue, boolean eventTime) {
        return eventTime ? queue.pollEventTime() : queue.poll();
    }

    private static Timer randomTimer(Random random, Phase phase) {
        Object key = phase.keys().get(random.nextInt(phase.keys().size())).apply(random);
        Object namespace = phase.namespaces().get(random.nextInt(phase.namespaces().size())).apply(random);
        return new Timer(random.nextInt(400) - 100, key, namespace, random.nextInt(3) != 0);
    }

    private static void assertHead(Model model, boolean eventTime, Timer head, String at) {
        Long earliest = model.earliest(eventTime);
        if (earliest == null) {
            assertNull(head, "head of an empty domain" + at);
            return;
        }
        assertEquals(earliest, head == null ? null : head.timestamp(), "head timestamp" + at);
        assertTrue(model.live.contains(head), "head is a live timer: " + head + at);
    }

    /**
     * Freezes the queue, goes on changing it (the frozen copy must not see that), writes the frozen timers in the
     * keyed-state file format, and restores them in two halves of the key groups into new queues.
     */
    private void snapshotAndRestoreMatchTheModel(HeapTimerQueue queue, Model model, Random random, Phase phase,
                                                 List<Timer> seen) throws IOException {
        HeapTimerQueue.FrozenTimers frozen = queue.freeze();
        Set<Timer> expected = new HashSet<>(model.live);
        for (int i = 0; i < 20; i++) {
            Timer timer = randomTimer(random, phase);
            assertEquals(model.add(timer), queue.add(timer));
            seen.add(timer);
            Timer old = seen.get(random.nextInt(seen.size()));
            assertEquals(model.remove(old), queue.remove(old));
        }
        Path file = dir.resolve("keyed-" + snapshots++);
        new KeyedStateSnapshot(new KeyGroupRange(0, MAX_PARALLELISM - 1), MAX_PARALLELISM, KEYS, List.of(), frozen,
                queue).writeTo(file);
        Set<Timer> restored = new HashSet<>();
        for (KeyGroupRange half : List.of(new KeyGroupRange(0, 63), new KeyGroupRange(64, MAX_PARALLELISM - 1))) {
            HeapTimerQueue target = new HeapTimerQueue();
            Map<String, HeapKeyedStateBackend.RestoredChunks> states = new HashMap<>();
            KeyedStateSnapshot.readInto(file, half, KEYS, states, target, MAX_PARALLELISM);
            for (boolean eventTime : new boolean[] {true, false}) {
                long previous = Long.MIN_VALUE;
                for (Timer t = poll(target, eventTime); t != null; t = poll(target, eventTime)) {
                    assertTrue(t.timestamp() >= previous, "restored timers come in timestamp order");
                    previous = t.timestamp();
                    assertEquals(eventTime, t.eventTime());
                    assertTrue(half.contains(KeyGroups.keyGroupFor(t.key(), MAX_PARALLELISM)),
                            t + " restored into the key groups " + half);
                    assertTrue(restored.add(t), "restored twice: " + t);
                }
            }
        }
        assertEquals(expected, restored, "restored timers of snapshot " + (snapshots - 1));
    }

    @Test
    void registeringAndDeletingTimersOfLongKeysAndWindowsAllocatesNothing() {
        HeapTimerQueue queue = new HeapTimerQueue();
        int n = 20_000;
        Long[] keys = new Long[n];
        TimeWindow[] windows = new TimeWindow[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (long) i;
            windows[i] = new TimeWindow(i % 7 * 1000L, i % 7 * 1000L + 1000);
            queue.add(windows[i].maxTimestamp(), keys[i], windows[i], true);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        // the first two rounds grow the heaps to hold the stale entries of deleted timers up to their compaction
        for (int round = 0; round < 6; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            int changed = 0;
            for (int i = 0; i < n; i++) {
                queue.add(windows[i].maxTimestamp(), keys[i], windows[i], true); // already there
                if (i % 2 == 0) {
                    changed += queue.remove(windows[i].maxTimestamp(), keys[i], windows[i], true) ? 1 : 0;
                    changed += queue.add(windows[i].maxTimestamp(), keys[i], windows[i], true) ? 1 : 0;
                }
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertEquals(n, changed);
            // compacting the stale entries away reuses the heaps' arrays
            assertTrue(round < 2 || allocated < 100_000, "bytes allocated by " + 2 * n + " registrations and " + n / 2
                    + " deletions: " + allocated);
        }
        assertEquals(n, queue.size());
    }
}
