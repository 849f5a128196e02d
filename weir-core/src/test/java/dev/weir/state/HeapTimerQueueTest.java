package dev.weir.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.state.TimerQueue.Timer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapTimerQueueTest {

    private static Timer eventTimer(long time, String key) {
        return new Timer(time, key, null, true);
    }

    private static List<Long> drainEventTime(TimerQueue queue) {
        List<Long> times = new ArrayList<>();
        Timer timer;
        while ((timer = queue.pollEventTime()) != null) {
            times.add(timer.timestamp());
        }
        return times;
    }

    private static java.util.Set<Timer> frozen(HeapTimerQueue queue) {
        java.util.Set<Timer> timers = new HashSet<>();
        queue.freeze().forEach(timers::add);
        return timers;
    }

    @Test
    void removedTimersNeverFireAndATimerAddedAgainFiresOnce() {
        HeapTimerQueue queue = new HeapTimerQueue();
        queue.add(eventTimer(10, "a"));
        queue.add(eventTimer(20, "a"));
        queue.add(eventTimer(30, "a"));
        assertTrue(queue.remove(eventTimer(10, "a")));
        assertFalse(queue.remove(eventTimer(10, "a")));
        queue.remove(eventTimer(20, "a"));
        assertTrue(queue.add(eventTimer(20, "a")));
        assertEquals(2, queue.size());
        assertEquals(20, queue.peekEventTime().timestamp());
        assertEquals(new HashSet<>(List.of(eventTimer(20, "a"), eventTimer(30, "a"))), frozen(queue));
        assertEquals(List.of(20L, 30L), drainEventTime(queue));
        assertNull(queue.peekEventTime());
        assertEquals(0, queue.size());
    }

    @Test
    void manyRemovalsKeepTheOrderAndTheLiveTimersOnly() {
        HeapTimerQueue queue = new HeapTimerQueue();
        for (int i = 0; i < 10_000; i++) {
            queue.add(eventTimer(i, "k" + i));
            queue.add(new Timer(i, "k" + i, null, false));
        }
        for (int i = 0; i < 10_000; i++) {
            if (i % 3 != 0) {
                queue.remove(eventTimer(i, "k" + i));
            }
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 10_000; i += 3) {
            expected.add(i);
        }
        assertEquals(expected.size() + 10_000, queue.size());
        assertEquals(expected, drainEventTime(queue));
        assertEquals(0, queue.peek().timestamp(), "processing-time timers are untouched");
    }

    @Test
    void randomAddsRemovesAndPollsFireLikeASortedSetOfTheLiveTimers() {
        HeapTimerQueue queue = new HeapTimerQueue();
        java.util.TreeSet<Long> model = new java.util.TreeSet<>(); // one key: a timer is its timestamp
        java.util.Random random = new java.util.Random(42);
        for (int step = 0; step < 200_000; step++) {
            long time = random.nextInt(5_000);
            int action = random.nextInt(10);
            if (action < 5) {
                assertEquals(model.add(time), queue.add(eventTimer(time, "k")), "add " + time + " at step " + step);
            } else if (action < 8) {
                assertEquals(model.remove(time), queue.remove(eventTimer(time, "k")), "remove " + time + " at step " + step);
            } else {
                Long expected = model.pollFirst();
                Timer polled = queue.pollEventTime();
                assertEquals(expected, polled == null ? null : polled.timestamp(), "poll at step " + step);
            }
            assertEquals(model.size(), queue.size());
        }
        assertEquals(new ArrayList<>(model), drainEventTime(queue));
    }
}
