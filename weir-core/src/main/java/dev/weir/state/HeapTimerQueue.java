package dev.weir.state;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.state.serialization.Serializers;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The {@link TimerQueue} of the heap backend: every timer on the Java heap, laid out flat in primitive arrays as
 * {@link FlatLayout} says (a {@code Long} or {@code Integer} key as a long, a window namespace as its start and
 * end), in one binary heap per time domain ({@link TimerHeap}) plus an open-addressing hash set for
 * deduplication. Snapshotted with the heap backend's keyed state, per key group ({@link #write} and {@link #read}
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
    private static final int INITIAL_CAPACITY = 16;
    /** Slot word 0 of a used slot: this bit, the event-time bit and the 32-bit hash (0 marks a free slot). */
    private static final long USED = 1L << 33, EVENT_TIME_BIT = 1L << 32;

    private final TimerHeap processingTime = new TimerHeap();
    private final TimerHeap eventTime = new TimerHeap();
    private final TypeSerializer<Object> namespaceSerializer;

    private FlatLayout layout = FlatLayout.EMPTY;
    // the set of live timers: linear probing with backward-shift deletion; per slot a row of `stride` longs:
    // (USED | event time | hash), timestamp, key bits, and the window's start and end when namespaces are windows
    private int stride = 3;
    private long[] slots = new long[INITIAL_CAPACITY * 3];
    private Object[] slotKeys;
    private Object[] slotNamespaces;
    private int mask = INITIAL_CAPACITY - 1;
    private int size;

    /** Entries of removed timers still in the heaps (exactly: the heaps hold {@code size + stale} entries). */
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

    private static int setStrideOf(FlatLayout layout) {
        return TimerHeap.strideOf(layout) + 1;
    }

    @Override
    public boolean add(Timer timer) {
        return add(timer.timestamp(), timer.key(), timer.namespace(), timer.eventTime());
    }

    @Override
    public boolean add(long timestamp, Object key, Object namespace, boolean eventTime) {
        if (layout.isEmpty() || !layout.fits(key, namespace)) {
            widen(key, namespace);
        }
        FlatLayout layout = this.layout;
        long keyBits = layout.keyBits(key);
        long namespace0 = layout.namespaceBits0(namespace);
        long namespace1 = layout.namespaceBits1(namespace);
        Object keyObject = layout.keysAsObjects() ? key : null;
        Object namespaceObject = layout.namespacesAsObjects() ? namespace : null;
        int hash = hash(timestamp, eventTime, keyBits, keyObject, namespace0, namespace1, namespaceObject);
        int slot = find(hash, timestamp, eventTime, keyBits, keyObject, namespace0, namespace1, namespaceObject);
        if (slot >= 0) {
            return false;
        }
        put(~slot, meta(hash, eventTime), timestamp, keyBits, namespace0, namespace1, keyObject, namespaceObject);
        if (++size > (mask + 1) / 8 * 5) {
            growSet();
        }
        (eventTime ? this.eventTime : processingTime)
                .add(timestamp, keyBits, namespace0, namespace1, keyObject, namespaceObject);
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
        if (layout.isEmpty() || !layout.fits(key, namespace)) {
            return false; // never added: every timer added fits the layout
        }
        long keyBits = layout.keyBits(key);
        long namespace0 = layout.namespaceBits0(namespace);
        long namespace1 = layout.namespaceBits1(namespace);
        Object keyObject = layout.keysAsObjects() ? key : null;
        Object namespaceObject = layout.namespacesAsObjects() ? namespace : null;
        int hash = hash(timestamp, eventTime, keyBits, keyObject, namespace0, namespace1, namespaceObject);
        int slot = find(hash, timestamp, eventTime, keyBits, keyObject, namespace0, namespace1, namespaceObject);
        if (slot < 0) {
            return false;
        }
        delete(slot);
        if (eventTime) {
            eventTimeHead = null;
        } else {
            processingTimeHead = null;
        }
        if (++stale > 1024 && stale > size) {
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
        return size;
    }

    /**
     * A copy of the live timers of both domains that stays as it is while this queue goes on (for snapshots:
     * cheap on the task thread, array copies only; read it on any thread).
     */
    FrozenTimers freeze() {
        return new FrozenTimers(layout, stride, slots.clone(), slotKeys == null ? null : slotKeys.clone(),
                slotNamespaces == null ? null : slotNamespaces.clone(), size);
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
        delete(slot);
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
        long keyBits = heap.headKeyBits();
        long namespace0 = heap.headNamespace0();
        long namespace1 = heap.headNamespace1();
        Object keyObject = heap.headKeyObject();
        Object namespaceObject = heap.headNamespaceObject();
        int hash = hash(timestamp, eventTime, keyBits, keyObject, namespace0, namespace1, namespaceObject);
        return find(hash, timestamp, eventTime, keyBits, keyObject, namespace0, namespace1, namespaceObject);
    }

    /** Rebuilds the heaps from the live timers, dropping the entries of removed ones. */
    private void compact() {
        eventTimeHead = null;
        processingTimeHead = null;
        processingTime.clear(size);
        eventTime.clear(size);
        for (int i = 0; i <= mask; i++) {
            int at = i * stride;
            long meta = slots[at];
            if (meta != 0) {
                ((meta & EVENT_TIME_BIT) != 0 ? eventTime : processingTime).add(slots[at + 1], slots[at + 2],
                        stride == 5 ? slots[at + 3] : 0, stride == 5 ? slots[at + 4] : 0,
                        slotKeys == null ? null : slotKeys[i], slotNamespaces == null ? null : slotNamespaces[i]);
            }
        }
        stale = 0;
    }

    // ---- the set

    private static int hash(long timestamp, boolean eventTime, long keyBits, Object keyObject, long namespace0,
                            long namespace1, Object namespaceObject) {
        long h = FlatLayout.hash(keyBits, keyObject, namespace0, namespace1, namespaceObject);
        h = (h ^ (timestamp * 2 + (eventTime ? 1 : 0))) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private static long meta(int hash, boolean eventTime) {
        return USED | (eventTime ? EVENT_TIME_BIT : 0) | (hash & 0xFFFFFFFFL);
    }

    /** The slot holding the timer, or {@code ~slot} of the free slot where it would go. */
    private int find(int hash, long timestamp, boolean eventTime, long keyBits, Object keyObject, long namespace0,
                     long namespace1, Object namespaceObject) {
        long want = meta(hash, eventTime);
        long[] slots = this.slots;
        int stride = this.stride;
        int i = hash & mask;
        while (true) {
            int at = i * stride;
            long meta = slots[at];
            if (meta == 0) {
                return ~i;
            }
            if (meta == want && slots[at + 1] == timestamp && slots[at + 2] == keyBits
                    && (stride == 3 || (slots[at + 3] == namespace0 && slots[at + 4] == namespace1))
                    && (slotKeys == null || slotKeys[i].equals(keyObject))
                    && (slotNamespaces == null || Objects.equals(slotNamespaces[i], namespaceObject))) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private void put(int i, long meta, long timestamp, long keyBits, long namespace0, long namespace1,
                     Object keyObject, Object namespaceObject) {
        int at = i * stride;
        slots[at] = meta;
        slots[at + 1] = timestamp;
        slots[at + 2] = keyBits;
        if (stride == 5) {
            slots[at + 3] = namespace0;
            slots[at + 4] = namespace1;
        }
        if (slotKeys != null) {
            slotKeys[i] = keyObject;
        }
        if (slotNamespaces != null) {
            slotNamespaces[i] = namespaceObject;
        }
    }

    /** Empties slot {@code i}, shifting later entries of its probe run back (no tombstones). */
    private void delete(int i) {
        size--;
        int gap = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            int at = j * stride;
            long meta = slots[at];
            if (meta == 0) {
                break;
            }
            int home = (int) meta & mask;
            // the entry at j may fill the gap unless its home lies cyclically in (gap, j]
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                System.arraycopy(slots, at, slots, gap * stride, stride);
                if (slotKeys != null) {
                    slotKeys[gap] = slotKeys[j];
                }
                if (slotNamespaces != null) {
                    slotNamespaces[gap] = slotNamespaces[j];
                }
                gap = j;
            }
        }
        slots[gap * stride] = 0;
        if (slotKeys != null) {
            slotKeys[gap] = null;
        }
        if (slotNamespaces != null) {
            slotNamespaces[gap] = null;
        }
    }

    private void growSet() {
        long[] oldSlots = slots;
        Object[] oldKeys = slotKeys;
        Object[] oldNamespaces = slotNamespaces;
        int oldCapacity = mask + 1;
        allocate(oldCapacity * 2);
        for (int from = 0; from < oldCapacity; from++) {
            int at = from * stride;
            long meta = oldSlots[at];
            if (meta == 0) {
                continue;
            }
            int i = (int) meta & mask;
            while (slots[i * stride] != 0) {
                i = (i + 1) & mask;
            }
            System.arraycopy(oldSlots, at, slots, i * stride, stride);
            if (oldKeys != null) {
                slotKeys[i] = oldKeys[from];
            }
            if (oldNamespaces != null) {
                slotNamespaces[i] = oldNamespaces[from];
            }
        }
    }

    private void allocate(int capacity) {
        slots = new long[capacity * stride];
        slotKeys = layout.keysAsObjects() ? new Object[capacity] : null;
        slotNamespaces = layout.namespacesAsObjects() ? new Object[capacity] : null;
        mask = capacity - 1;
    }

    /** Lays the set and the heaps out again in the narrowest layout that also holds {@code key} and {@code namespace}. */
    private void widen(Object key, Object namespace) {
        FlatLayout old = layout;
        FlatLayout widened = old.widen(key, namespace);
        long[] oldSlots = slots;
        Object[] oldKeys = slotKeys;
        Object[] oldNamespaces = slotNamespaces;
        int oldStride = stride;
        int capacity = mask + 1;
        layout = widened;
        stride = setStrideOf(widened);
        allocate(capacity);
        for (int from = 0; from < capacity; from++) {
            int at = from * oldStride;
            long meta = oldSlots[at];
            if (meta == 0) {
                continue;
            }
            Object k = old.key(oldSlots[at + 2], oldKeys == null ? null : oldKeys[from]);
            Object n = old.namespace(oldStride == 5 ? oldSlots[at + 3] : 0, oldStride == 5 ? oldSlots[at + 4] : 0,
                    oldNamespaces == null ? null : oldNamespaces[from]);
            boolean isEventTime = (meta & EVENT_TIME_BIT) != 0;
            long timestamp = oldSlots[at + 1];
            long keyBits = widened.keyBits(k);
            long namespace0 = widened.namespaceBits0(n);
            long namespace1 = widened.namespaceBits1(n);
            Object keyObject = widened.keysAsObjects() ? k : null;
            Object namespaceObject = widened.namespacesAsObjects() ? n : null;
            int hash = hash(timestamp, isEventTime, keyBits, keyObject, namespace0, namespace1, namespaceObject);
            int i = hash & mask;
            while (slots[i * stride] != 0) {
                i = (i + 1) & mask;
            }
            put(i, meta(hash, isEventTime), timestamp, keyBits, namespace0, namespace1, keyObject, namespaceObject);
        }
        eventTime.relayout(widened);
        processingTime.relayout(widened);
        eventTimeHead = null;
        processingTimeHead = null;
    }

    /**
     * The live timers of a {@link HeapTimerQueue} at one moment: copies of its set's arrays, materialized as
     * {@link Timer}s only when read ({@link #forEach}), on any thread. Immutable.
     */
    static final class FrozenTimers {
        private final FlatLayout layout;
        private final int stride;
        private final long[] slots;
        private final Object[] keys;
        private final Object[] namespaces;
        private final int size;

        private FrozenTimers(FlatLayout layout, int stride, long[] slots, Object[] keys, Object[] namespaces,
                             int size) {
            this.layout = layout;
            this.stride = stride;
            this.slots = slots;
            this.keys = keys;
            this.namespaces = namespaces;
            this.size = size;
        }

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** Passes each timer, in no particular order. */
        void forEach(Consumer<Timer> action) {
            int capacity = slots.length / stride;
            for (int i = 0; i < capacity; i++) {
                int at = i * stride;
                long meta = slots[at];
                if (meta != 0) {
                    action.accept(new Timer(slots[at + 1], layout.key(slots[at + 2], keys == null ? null : keys[i]),
                            layout.namespace(stride == 5 ? slots[at + 3] : 0, stride == 5 ? slots[at + 4] : 0,
                                    namespaces == null ? null : namespaces[i]),
                            (meta & EVENT_TIME_BIT) != 0));
                }
            }
        }
    }
}
