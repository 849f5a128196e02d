package dev.weir.state;

import java.util.Arrays;

/**
 * A binary min-heap of timers by timestamp, with the timestamps in a primitive array beside the timers: sifting
 * compares longs without touching the timer objects (with many timers those are cache misses, and a heap of
 * 100 k window timers sifts about 17 levels per poll). Timers of equal timestamp come out in no particular order.
 * Not thread-safe; used by {@link HeapTimerQueue} on the task thread.
 */
final class TimerHeap {
    private long[] timestamps = new long[16];
    private TimerQueue.Timer[] timers = new TimerQueue.Timer[16];
    private int size;

    int size() {
        return size;
    }

    void add(TimerQueue.Timer timer) {
        if (size == timers.length) {
            int capacity = size * 2;
            timestamps = Arrays.copyOf(timestamps, capacity);
            timers = Arrays.copyOf(timers, capacity);
        }
        long timestamp = timer.timestamp();
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (timestamps[parent] <= timestamp) {
                break;
            }
            timestamps[i] = timestamps[parent];
            timers[i] = timers[parent];
            i = parent;
        }
        timestamps[i] = timestamp;
        timers[i] = timer;
    }

    /** The earliest timer, or null when empty. */
    TimerQueue.Timer peek() {
        return size == 0 ? null : timers[0];
    }

    /** Removes the earliest timer (call only when not empty). */
    void removeHead() {
        int last = --size;
        long timestamp = timestamps[last];
        TimerQueue.Timer timer = timers[last];
        timers[last] = null;
        if (last == 0) {
            return;
        }
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < last && timestamps[right] < timestamps[child]) {
                child = right;
            }
            if (timestamp <= timestamps[child]) {
                break;
            }
            timestamps[i] = timestamps[child];
            timers[i] = timers[child];
            i = child;
        }
        timestamps[i] = timestamp;
        timers[i] = timer;
    }

    void clear() {
        Arrays.fill(timers, 0, size, null);
        size = 0;
        if (timers.length > 1024) { // give back the memory of a burst of timers
            timestamps = new long[16];
            timers = new TimerQueue.Timer[16];
        }
    }
}
