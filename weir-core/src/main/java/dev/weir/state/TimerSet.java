package dev.weir.state;

import java.util.Objects;

/**
 * The live timers of a {@link HeapTimerQueue}, for deduplication and for telling live heap entries from those of
 * removed timers: an open-addressing hash set laid out flat. Per slot a row of longs: a word holding "used", the
 * event-time flag and the entry's hash (0 marks a free slot), the timestamp, the key bits and, when namespaces are
 * windows, the window's start and end ({@link FlatLayout}); arrays of key and namespace objects only where the
 * layout holds those as objects. Linear probing in a power-of-two table filled to at most 5/8, deletion by
 * shifting the rest of the probe run back (no tombstones, so lookups never slow down with churn).
 *
 * <p>Callers pass a timer laid out in {@link #layout()} (key bits, window bits, and key and namespace objects
 * that are null unless the layout holds objects) with its {@link #hash}. Not thread-safe: the task thread's,
 * except a {@link #copy} that nothing changes any more, which any thread may read.
 */
final class TimerSet {

    /** What {@link #forEach} passes: one timer as laid out. */
    interface Entries {
        void accept(boolean eventTime, long timestamp, long keyBits, long namespace0, long namespace1,
                    Object keyObject, Object namespaceObject);
    }

    private static final int INITIAL_CAPACITY = 16;
    private static final long USED = 1L << 33, EVENT_TIME = 1L << 32;

    private FlatLayout layout = FlatLayout.EMPTY;
    private int stride = 3;
    private long[] slots = new long[INITIAL_CAPACITY * 3];
    private Object[] keys;
    private Object[] namespaces;
    private int mask = INITIAL_CAPACITY - 1;
    private int size;

    FlatLayout layout() {
        return layout;
    }

    int size() {
        return size;
    }

    /** The hash of a timer as laid out (equal timers hash equally in one layout; never persisted). */
    static int hash(long timestamp, boolean eventTime, FlatLayout.FlatKey flat) {
        long h = flat.hash();
        h = (h ^ (timestamp * 2 + (eventTime ? 1 : 0))) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private static long meta(int hash, boolean eventTime) {
        return USED | (eventTime ? EVENT_TIME : 0) | (hash & 0xFFFFFFFFL);
    }

    /** The slot holding the timer, or {@code ~slot} of the free slot where it would go (a negative number). */
    int find(int hash, long timestamp, boolean eventTime, FlatLayout.FlatKey flat) {
        long want = meta(hash, eventTime);
        long keyBits = flat.keyBits;
        long namespace0 = flat.namespace0;
        long namespace1 = flat.namespace1;
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
                    && (keys == null || keys[i].equals(flat.keyObject))
                    && (namespaces == null || Objects.equals(namespaces[i], flat.namespaceObject))) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** Puts a timer into the free slot {@code ~found} that {@link #find} returned for it just before. */
    void insert(int found, int hash, long timestamp, boolean eventTime, FlatLayout.FlatKey flat) {
        put(~found, meta(hash, eventTime), timestamp, flat);
        if (++size > (mask + 1) / 8 * 5) {
            grow();
        }
    }

    private void put(int i, long meta, long timestamp, FlatLayout.FlatKey flat) {
        int at = i * stride;
        slots[at] = meta;
        slots[at + 1] = timestamp;
        slots[at + 2] = flat.keyBits;
        if (stride == 5) {
            slots[at + 3] = flat.namespace0;
            slots[at + 4] = flat.namespace1;
        }
        if (keys != null) {
            keys[i] = flat.keyObject;
        }
        if (namespaces != null) {
            namespaces[i] = flat.namespaceObject;
        }
    }

    /** Empties slot {@code i} (a slot {@link #find} returned), shifting later entries of its probe run back. */
    void delete(int i) {
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
                if (keys != null) {
                    keys[gap] = keys[j];
                }
                if (namespaces != null) {
                    namespaces[gap] = namespaces[j];
                }
                gap = j;
            }
        }
        slots[gap * stride] = 0;
        if (keys != null) {
            keys[gap] = null;
        }
        if (namespaces != null) {
            namespaces[gap] = null;
        }
    }

    private void grow() {
        long[] oldSlots = slots;
        Object[] oldKeys = keys;
        Object[] oldNamespaces = namespaces;
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
                keys[i] = oldKeys[from];
            }
            if (oldNamespaces != null) {
                namespaces[i] = oldNamespaces[from];
            }
        }
    }

    private void allocate(int capacity) {
        slots = new long[capacity * stride];
        keys = layout.keysAsObjects() ? new Object[capacity] : null;
        namespaces = layout.namespacesAsObjects() ? new Object[capacity] : null;
        mask = capacity - 1;
    }

    /** Lays every timer out again in {@code widened}, which holds everything the current layout does. */
    void relayout(FlatLayout widened) {
        TimerSet old = copy();
        layout = widened;
        stride = TimerHeap.strideOf(widened) + 1;
        allocate(mask + 1);
        old.forEach((eventTime, timestamp, keyBits, namespace0, namespace1, keyObject, namespaceObject) -> {
            Object key = old.layout.key(keyBits, keyObject);
            Object namespace = old.layout.namespace(namespace0, namespace1, namespaceObject);
            FlatLayout.FlatKey flat = new FlatLayout.FlatKey().of(widened, key, namespace);
            int hash = hash(timestamp, eventTime, flat);
            int i = hash & mask;
            while (slots[i * stride] != 0) {
                i = (i + 1) & mask;
            }
            put(i, meta(hash, eventTime), timestamp, flat);
        });
    }

    /** Passes every timer, as laid out, in slot order. */
    void forEach(Entries entries) {
        for (int i = 0; i <= mask; i++) {
            int at = i * stride;
            long meta = slots[at];
            if (meta != 0) {
                entries.accept((meta & EVENT_TIME) != 0, slots[at + 1], slots[at + 2],
                        stride == 5 ? slots[at + 3] : 0, stride == 5 ? slots[at + 4] : 0,
                        keys == null ? null : keys[i], namespaces == null ? null : namespaces[i]);
            }
        }
    }

    /** An independent copy (array clones: the keys and namespaces themselves are immutable and shared). */
    TimerSet copy() {
        TimerSet copy = new TimerSet();
        copy.layout = layout;
        copy.stride = stride;
        copy.slots = slots.clone();
        copy.keys = keys == null ? null : keys.clone();
        copy.namespaces = namespaces == null ? null : namespaces.clone();
        copy.mask = mask;
        copy.size = size;
        return copy;
    }
}
