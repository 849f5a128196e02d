package dev.weir.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Processing-time timers of a keyed operator subtask: at most one per (timestamp, key), in
 * timestamp order. Part of the keyed state: snapshotted and restored per key group with it.
 */
public final class TimerQueue {

    /** A timer for {@code key} at {@code timestamp}. */
    public record Timer(long timestamp, Object key) {
    }

    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> Long.compare(a.timestamp, b.timestamp));
    private final Set<Timer> set = new HashSet<>();

    /** Adds the timer; false if it was already there. */
    public boolean add(Timer timer) {
        if (set.add(timer)) {
            queue.add(timer);
            return true;
        }
        return false;
    }

    public boolean remove(Timer timer) {
        if (set.remove(timer)) {
            queue.remove(timer);
            return true;
        }
        return false;
    }

    /** The earliest timer, or null. */
    public Timer peek() {
        return queue.peek();
    }

    public Timer poll() {
        Timer timer = queue.poll();
        if (timer != null) {
            set.remove(timer);
        }
        return timer;
    }

    public int size() {
        return queue.size();
    }

    /** The timers, in no particular order (for snapshots). */
    public List<Timer> copy() {
        return new ArrayList<>(queue);
    }
}
