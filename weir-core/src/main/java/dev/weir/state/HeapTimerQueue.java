package dev.weir.state;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.state.serialization.Serializers;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link TimerQueue} of the heap backend: every timer on the Java heap, in one binary heap with primitive
 * timestamps ({@link TimerHeap}) per time domain plus a set for deduplication. Snapshotted with the heap backend's keyed state,
 * per key group ({@link #write} and {@link #read} are the timer format of its state files).
 *
 * <p>Namespaces are written with the dynamic serializer (records, enums, tuples and built-in types
 * work as they are).
 *
 * <p>{@link #remove} is O(1): the set of live timers says which timers exist, and a removed timer's
 * entry stays in its heap until it reaches the head, where it is dropped (removing from the middle of
 * a binary heap costs a linear scan, and window operators delete timers on every merge of session
 * windows). When stale entries outnumber the live timers, the heaps are rebuilt from the set.
 */
public final class HeapTimerQueue implements TimerQueue {

    private static final byte EVENT_TIME = 1, HAS_NAMESPACE = 2;

    private final TimerHeap processingTime = new TimerHeap();
    private final TimerHeap eventTime = new TimerHeap();
    private final Set<Timer> set = new HashSet<>();
    private final TypeSerializer<Object> namespaceSerializer;
    /** Entries of removed timers still in the heaps (exactly: the heaps hold {@code set.size() + stale} entries). */
    private int stale;
    /** A head entry found live by the last peek, so that the poll after it need not look it up again. */
    private Timer verifiedHead;

    public HeapTimerQueue() {
        this(Serializers.builtInOnly());
    }

    /** With the job's serializers, for the namespaces. */
    public HeapTimerQueue(Serializers serializers) {
        this.namespaceSerializer = serializers.dynamic();
    }

    @Override
    public boolean add(Timer timer) {
        verifiedHead = null;
        if (set.add(timer)) {
            (timer.eventTime() ? eventTime : processingTime).add(timer);
            return true;
        }
        return false;
    }

    @Override
    public boolean remove(Timer timer) {
        verifiedHead = null;
        if (set.remove(timer)) {
            if (++stale > 1024 && stale > set.size()) {
                compact();
            }
            return true;
        }
        return false;
    }

    /** Rebuilds the heaps from the live timers, dropping the entries of removed ones. */
    private void compact() {
        verifiedHead = null;
        processingTime.clear();
        eventTime.clear();
        for (Timer timer : set) {
            (timer.eventTime() ? eventTime : processingTime).add(timer);
        }
        stale = 0;
    }

    /** The head of {@code queue} after dropping the entries of removed timers, or null. */
    private Timer head(TimerHeap queue) {
        Timer timer;
        // with no stale entries (every timer in the heaps is live: heap entries = live timers + stale) the head
        // needs no lookup in the set, which with many timers is a cache miss per timer fired
        while ((timer = queue.peek()) != null && stale > 0 && timer != verifiedHead && !set.contains(timer)) {
            queue.removeHead();
            stale = Math.max(0, stale - 1);
        }
        verifiedHead = timer;
        return timer;
    }

    @Override
    public Timer peek() {
        return head(processingTime);
    }

    @Override
    public Timer poll() {
        return poll(processingTime);
    }

    @Override
    public Timer peekEventTime() {
        return head(eventTime);
    }

    @Override
    public Timer pollEventTime() {
        return poll(eventTime);
    }

    private Timer poll(TimerHeap queue) {
        Timer timer = head(queue);
        if (timer != null) {
            queue.removeHead();
            set.remove(timer);
        }
        verifiedHead = null;
        return timer;
    }

    @Override
    public int size() {
        return set.size();
    }

    /** The timers of both domains, in no particular order (for snapshots). */
    public List<Timer> copy() {
        return new ArrayList<>(set);
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
