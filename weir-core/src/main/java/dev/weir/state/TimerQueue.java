package dev.weir.state;

/**
 * The timers of a keyed operator subtask, event-time and processing-time: at most one per
 * (domain, timestamp, key, namespace), each domain taken in timestamp order. Part of the keyed
 * state: each {@link KeyedStateBackend} keeps its own ({@link KeyedStateBackend#timers()}) and
 * snapshots and restores it per key group with the rest of its state — the heap backend on the
 * heap ({@link HeapTimerQueue}), the RocksDB backend in RocksDB with only the earliest timers of
 * each domain on the heap.
 *
 * <p>The namespace is what an operator files a timer under besides the key (a window, for a window
 * operator); {@code null} for the timers of a {@code KeyedProcessFunction}. Operators use the queue
 * through {@code InternalTimerService}. Among timers with the same timestamp the order is the
 * backend's own (deterministic, not specified).
 *
 * <p><b>Threading.</b> Task thread only, like the backend that owns it; used after the backend's
 * {@code restore}.
 */
public interface TimerQueue {

    /**
     * A timer for {@code key} and {@code namespace} at {@code timestamp}, in event time or in
     * processing time.
     */
    record Timer(long timestamp, Object key, Object namespace, boolean eventTime) {
        /** A processing-time timer without a namespace. */
        public Timer(long timestamp, Object key) {
            this(timestamp, key, null, false);
        }
    }

    /** Adds the timer; false if it was already there (the queue is unchanged then). */
    boolean add(Timer timer);

    /** Removes the timer; false if it was not there. */
    boolean remove(Timer timer);

    /**
     * {@link #add(Timer)} without a {@link Timer} object: what operators call per record, which a queue that does
     * not keep timer objects (the heap backend's) serves without allocating.
     */
    default boolean add(long timestamp, Object key, Object namespace, boolean eventTime) {
        return add(new Timer(timestamp, key, namespace, eventTime));
    }

    /** {@link #remove(Timer)} without a {@link Timer} object (see {@link #add(long, Object, Object, boolean)}). */
    default boolean remove(long timestamp, Object key, Object namespace, boolean eventTime) {
        return remove(new Timer(timestamp, key, namespace, eventTime));
    }

    /**
     * The earliest processing-time timer, or null. (The heap backend materializes a timer object from its
     * primitive arrays once per head: peeking again without a change in between returns the same object.)
     */
    Timer peek();

    /** Removes and returns the earliest processing-time timer, or null. */
    Timer poll();

    /** The earliest event-time timer, or null. */
    Timer peekEventTime();

    /** Removes and returns the earliest event-time timer, or null. */
    Timer pollEventTime();

    /** Timers of both domains (may count them one by one where they are not on the heap: for tests and diagnostics). */
    int size();
}
