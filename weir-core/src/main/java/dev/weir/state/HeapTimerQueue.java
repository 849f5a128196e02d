package dev.weir.state;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.state.serialization.Serializers;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The {@link TimerQueue} of the heap backend: every timer on the Java heap, laid out flat in primitive arrays as
 * {@link FlatLayout} says (a {@code Long} or {@code Integer} key as a long, a window namespace as its start and
 * end), in one binary heap per time domain ({@link TimerHeap}) plus an open-addressing hash set ({@link TimerSet})
 * for deduplication. Snapshotted with the heap backend's keyed state, per key group ({@link #write} and {@link #read}
 * are the timer format of its state files).
 *
 * <p><b>Why flat.</b> A window operator registers a cleanup timer per key and window; as objects that is a
 * timer, a boxed key, a window and a hash-set node per timer, each a cache miss when hashed or compared, and each
 * a reference from a long-lived table to a young object, which the garbage collector must track. Here
 * registering a timer of a {@code Long} key and a {@code TimeWindow} allocates nothing and stores no reference;
 * only {@link #peek}/{@link #poll} materialize a short-lived {@link Timer}. The layout starts as that of the first
 * timer and widens (everything laid out again) when a timer does not fit: keys or namespaces of another type.
 *
 * <p>Namespaces are written with the dynamic serializer (records, enums, tuples and built-in types work as they
 * are).
 *
 * <p>{@link #remove} is O(1): the set of live timers says which timers exist, and a removed timer's entry stays
 * in its heap until it reaches the head, where it is dropped (removing from the middle of a binary heap costs a
 * linear scan, and window operators delete timers on every merge of session windows). When stale entries
 * outnumber the live timers, the heaps are rebuilt from the set.
 *
 * <p>Task thread only; {@link #freeze} takes a copy that another thread may read.
 */
public final class HeapTimerQueue implements TimerQueue {

    private static final byte EVENT_TIME = 1, HAS_NAMESPACE = 2;

    private final TimerHeap processingTime = new TimerHeap();
    private final TimerHeap eventTime = new TimerHeap();
    /** The timer being looked up, laid out (reused: no allocation per timer). */
    private final FlatLayout.FlatKey flat = new FlatLayout.FlatKey();
    private final TimerSet set = new TimerSet();
    private final TypeSerializer<Object> namespaceSerializer;

    /** Entries of removed timers still in the heaps (exactly: the heaps hold {@code set.size() + stale} entries). */
    private int stale;
    /** The head of each domain found live and materialized by the last peek (null: look again). */
    private Timer eventTimeHead, processingTimeHead;

    public HeapTimerQueue() {
        this(Serializers.builtInOnly());
    }

    /** With the job's serializers, for the namespaces. */
    public HeapTimerQueue(Serializers serializers) {
        this.namespaceSerializer = serializers.dynamic();
    }

    @Override
    public boolean add(Timer timer) {
        return add(timer.timestamp(), timer.key(), timer.namespace(), timer.eventTime());
    }

    @Override
    public boolean add(long timestamp, Object key, Object namespace, boolean eventTime) {
        FlatLayout layout = set.layout();
        if (layout.isEmpty() || !layout.fits(key, namespace)) {
            layout = widen(key, namespace);
        }
        FlatLayout.FlatKey flat = this.flat.of(layout, key, namespace);
        int hash = TimerSet.hash(timestamp, eventTime, flat);
        int slot = set.find(hash, timestamp, eventTime, flat);
        if (slot >= 0) {
            return false;
        }
        set.insert(slot, hash, timestamp, eventTime, flat);
        (eventTime ? this.eventTime : processingTime)
                .add(timestamp, flat.keyBits, flat.namespace0, flat.namespace1, flat.keyObject, flat.namespaceObject);
        // an equal or later timer does not change the heap's root (sifting up stops at an equal parent)
        if (eventTime) {
            if (eventTimeHead != null && timestamp < eventTimeHead.timestamp()) {
                eventTimeHead = null;
            }
        } else if (processingTimeHead != null && timestamp < processingTimeHead.timestamp()) {
            processingTimeHead = null;
        }
        return true;
    }

    @Override
    public boolean remove(Timer timer) {
        return remove(timer.timestamp(), timer.key(), timer.namespace(), timer.eventTime());
    }

    @Override
    public boolean remove(long timestamp, Object key, Object namespace, boolean eventTime) {
        FlatLayout layout = set.layout();
        if (layout.isEmpty() || !layout.fits(key, namespace)) {
            return false; // never added: every timer added fits the layout
        }
        FlatLayout.FlatKey flat = this.flat.of(layout, key, namespace);
        int slot = set.find(TimerSet.hash(timestamp, eventTime, flat), timestamp, eventTime, flat);
        if (slot < 0) {
            return false;
        }
        set.delete(slot);
        if (eventTime) {
            eventTimeHead = null;
        } else {
            processingTimeHead = null;
        }
        if (++stale > 1024 && stale > set.size()) {
            compact();
        }
        return true;
    }

    @Override
    public Timer peek() {
        return head(false);
    }

    @Override
    public Timer poll() {
        return poll(false);
    }

    @Override
    public Timer peekEventTime() {
        return head(true);
    }

    @Override
    public Timer pollEventTime() {
        return poll(true);
    }

    @Override
    public int size() {
        return set.size();
    }

    /**
     * A copy of the live timers of both domains that stays as it is while this queue goes on (for snapshots:
     * cheap on the task thread, array copies only; read it on any thread).
     */
    FrozenTimers freeze() {
        return new FrozenTimers(set.copy());
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

    // ---- heads

    /** The head of a domain after dropping the entries of removed timers, materialized, or null. */
    private Timer head(boolean eventTime) {
        Timer cached = eventTime ? eventTimeHead : processingTimeHead;
        if (cached != null) {
            return cached;
        }
        TimerHeap heap = eventTime ? this.eventTime : processingTime;
        // with no stale entries (heap entries = live timers + stale) the head needs no lookup in the set, which
        // with many timers is a cache miss per timer fired
        while (heap.size() > 0 && stale > 0 && findHead(heap, eventTime) < 0) {
            heap.removeHead();
            stale--;
        }
        if (heap.size() == 0) {
            return null;
        }
        FlatLayout layout = set.layout();
        Timer head = new Timer(heap.headTimestamp(), layout.key(heap.headKeyBits(), heap.headKeyObject()),
                layout.namespace(heap.headNamespace0(), heap.headNamespace1(), heap.headNamespaceObject()),
                eventTime);
        if (eventTime) {
            eventTimeHead = head;
        } else {
            processingTimeHead = head;
        }
        return head;
    }

    private Timer poll(boolean eventTime) {
        Timer head = head(eventTime);
        if (head == null) {
            return null;
        }
        TimerHeap heap = eventTime ? this.eventTime : processingTime;
        int slot = findHead(heap, eventTime);
        if (slot < 0) {
            throw new IllegalStateException("timer queue out of step: the live head " + head + " is not in the set");
        }
        set.delete(slot);
        heap.removeHead();
        if (eventTime) {
            eventTimeHead = null;
        } else {
            processingTimeHead = null;
        }
        return head;
    }

    /** The set slot of the head of {@code heap} (not empty), or a negative number when it was removed. */
    private int findHead(TimerHeap heap, boolean eventTime) {
        long timestamp = heap.headTimestamp();
        FlatLayout.FlatKey flat = this.flat.of(heap.headKeyBits(), heap.headNamespace0(), heap.headNamespace1(),
                heap.headKeyObject(), heap.headNamespaceObject());
        return set.find(TimerSet.hash(timestamp, eventTime, flat), timestamp, eventTime, flat);
    }

    /** Rebuilds the heaps from the live timers, dropping the entries of removed ones. */
    private void compact() {
        eventTimeHead = null;
        processingTimeHead = null;
        processingTime.clear(set.size());
        eventTime.clear(set.size());
        set.forEach((isEventTime, timestamp, keyBits, namespace0, namespace1, keyObject, namespaceObject) ->
                (isEventTime ? eventTime : processingTime)
                        .add(timestamp, keyBits, namespace0, namespace1, keyObject, namespaceObject));
        stale = 0;
    }

    /** Lays the set and the heaps out again to also hold {@code key} and {@code namespace}; the new layout. */
    private FlatLayout widen(Object key, Object namespace) {
        FlatLayout widened = set.layout().widen(key, namespace);
        set.relayout(widened);
        eventTime.relayout(widened);
        processingTime.relayout(widened);
        eventTimeHead = null;
        processingTimeHead = null;
        return widened;
    }

    /**
     * The live timers of a {@link HeapTimerQueue} at one moment: copies of its set's arrays, materialized as
     * {@link Timer}s only when read ({@link #forEach}), on any thread. Immutable.
     */
    static final class FrozenTimers {
        private final TimerSet timers;

        private FrozenTimers(TimerSet timers) {
            this.timers = timers;
        }

        int size() {
            return timers.size();
        }

        boolean isEmpty() {
            return timers.size() == 0;
        }

        /** Passes each timer, in no particular order. */
        void forEach(Consumer<Timer> action) {
            FlatLayout layout = timers.layout();
            timers.forEach((eventTime, timestamp, keyBits, namespace0, namespace1, keyObject, namespaceObject) ->
                    action.accept(new Timer(timestamp, layout.key(keyBits, keyObject),
                            layout.namespace(namespace0, namespace1, namespaceObject), eventTime)));
        }
    }
}
