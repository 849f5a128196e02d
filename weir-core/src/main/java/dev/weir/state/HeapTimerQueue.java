package dev.weir.state;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.state.serialization.Serializers;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The {@link TimerQueue} of the heap backend: every timer on the Java heap, in one priority queue
 * per time domain plus a set for deduplication. Snapshotted with the heap backend's keyed state,
 * per key group ({@link #write} and {@link #read} are the timer format of its state files).
 *
 * <p>Namespaces are written with the dynamic serializer (records, enums, tuples and built-in types
 * work as they are).
 */
public final class HeapTimerQueue implements TimerQueue {

    private static final Comparator<Timer> ORDER = Comparator.comparingLong(Timer::timestamp);
    private static final byte EVENT_TIME = 1, HAS_NAMESPACE = 2;

    private final PriorityQueue<Timer> processingTime = new PriorityQueue<>(ORDER);
    private final PriorityQueue<Timer> eventTime = new PriorityQueue<>(ORDER);
    private final Set<Timer> set = new HashSet<>();
    private final TypeSerializer<Object> namespaceSerializer;

    public HeapTimerQueue() {
        this(Serializers.builtInOnly());
    }

    /** With the job's serializers, for the namespaces. */
    public HeapTimerQueue(Serializers serializers) {
        this.namespaceSerializer = serializers.dynamic();
    }

    @Override
    public boolean add(Timer timer) {
        if (set.add(timer)) {
            (timer.eventTime() ? eventTime : processingTime).add(timer);
            return true;
        }
        return false;
    }

    @Override
    public boolean remove(Timer timer) {
        if (set.remove(timer)) {
            (timer.eventTime() ? eventTime : processingTime).remove(timer);
            return true;
        }
        return false;
    }

    @Override
    public Timer peek() {
        return processingTime.peek();
    }

    @Override
    public Timer poll() {
        return poll(processingTime);
    }

    @Override
    public Timer peekEventTime() {
        return eventTime.peek();
    }

    @Override
    public Timer pollEventTime() {
        return poll(eventTime);
    }

    private Timer poll(PriorityQueue<Timer> queue) {
        Timer timer = queue.poll();
        if (timer != null) {
            set.remove(timer);
        }
        return timer;
    }

    @Override
    public int size() {
        return set.size();
    }

    /** The timers of both domains, in no particular order (for snapshots). */
    public List<Timer> copy() {
        List<Timer> all = new ArrayList<>(processingTime);
        all.addAll(eventTime);
        return all;
    }

    /** Writes one timer: long timestamp, key, byte flags (1 event time, 2 has namespace), namespace. */
    public void write(Timer timer, TypeSerializer<Object> keySerializer, DataOutput out) throws IOException {
        out.writeLong(timer.timestamp());
        keySerializer.serialize(timer.key(), out);
        out.writeByte((timer.eventTime() ? EVENT_TIME : 0) | (timer.namespace() != null ? HAS_NAMESPACE : 0));
        if (timer.namespace() != null) {
            namespaceSerializer.serialize(timer.namespace(), out);
        }
    }

    /** Reads a timer written by {@link #write}. */
    public Timer read(TypeSerializer<Object> keySerializer, DataInput in) throws IOException {
        long timestamp = in.readLong();
        Object key = keySerializer.deserialize(in);
        byte flags = in.readByte();
        if ((flags & ~(EVENT_TIME | HAS_NAMESPACE)) != 0) {
            throw new IOException("unknown timer flags " + flags);
        }
        Object namespace = (flags & HAS_NAMESPACE) != 0 ? namespaceSerializer.deserialize(in) : null;
        return new Timer(timestamp, key, namespace, (flags & EVENT_TIME) != 0);
    }
}
