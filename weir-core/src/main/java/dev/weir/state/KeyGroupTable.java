package dev.weir.state;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The entries of one keyed state in one key group, on the heap: a hash table from (key, namespace) to
 * value with open addressing (linear probing, deletion by backward shift, no tombstones). The key and
 * namespace of each entry are laid out flat ({@link FlatLayout}): with {@code Long} or {@code Integer}
 * keys and no namespace or {@code TimeWindow} namespaces, an entry's identity is a row of longs
 * (hash, key, window start, window end) and a lookup compares longs in one cache line; only the value is
 * an object. The namespace is {@code null} for plain keyed state.
 *
 * <p><b>Copy-on-write snapshots.</b> {@link #freeze()} hands the current arrays to a snapshot, in O(1).
 * The next write clones the arrays first (a memory copy, no rehash), so the snapshot's arrays never change
 * while it is written on another thread. Values that state handles change in place (lists, maps,
 * accumulators: a table made with a {@code copier}) are shared with the snapshot after the clone; each one
 * is copied once, on its first {@link #getForUpdate} while shared (a bit per slot says which), and the
 * bits are dropped when no snapshot is being written ({@link #release()}).
 *
 * <p>Task thread only, except that a {@link Frozen} view is read by the snapshot writer.
 */
final class KeyGroupTable {

    private static final int INITIAL_CAPACITY = 16;
    private static final long OCCUPIED = 1L << 32;

    private final UnaryOperator<Object> copier;
    private FlatLayout layout = FlatLayout.EMPTY;
    /** Longs per row: hash word and key, plus the window's start and end for TimeWindow namespaces. */
    private int stride = 2;
    private long[] rows = new long[INITIAL_CAPACITY * 2];
    private Object[] values = new Object[INITIAL_CAPACITY];
    private Object[] keyObjects;
    private Object[] namespaceObjects;
    /** Slots whose value a snapshot shares (copy before changing it in place); null when none. */
    private long[] shared;
    private int mask = INITIAL_CAPACITY - 1;
    private int size;
    /** The arrays belong to a snapshot too: clone before writing. */
    private boolean frozen;
    /** The identity being looked up, laid out (reused: no allocation per lookup). */
    private final FlatLayout.FlatKey flat = new FlatLayout.FlatKey();

    /** A table whose values are never changed in place ({@code copier} null) or are copied with {@code copier}. */
    KeyGroupTable(UnaryOperator<Object> copier) {
        this.copier = copier;
    }

    int size() {
        return size;
    }

    /** The value of (key, namespace), or null. */
    Object get(Object key, Object namespace) {
        int slot = find(key, namespace);
        return slot < 0 ? null : values[slot];
    }

    /**
     * The value of (key, namespace), which the caller may change in place (it is not shared with a
     * snapshot being written), or null.
     */
    Object getForUpdate(Object key, Object namespace) {
        int slot = find(key, namespace);
        if (slot < 0) {
            return null;
        }
        if (frozen) {
            thaw();
        }
        Object value = values[slot];
        if (shared != null && isShared(slot)) {
            value = copier.apply(value);
            values[slot] = value;
            shared[slot >>> 6] &= ~(1L << slot);
        }
        return value;
    }

    /** Sets the value of (key, namespace); the value is owned by the table from now on. */
    void put(Object key, Object namespace, Object value) {
        if (frozen) {
            thaw();
        }
        if (layout.isEmpty() || !layout.fits(key, namespace)) {
            relayout(layout.widen(key, namespace), values.length);
        }
        FlatLayout.FlatKey flat = this.flat.of(layout, key, namespace);
        int hash = flat.hash();
        int slot = probe(hash, flat);
        if (slot >= 0) {
            values[slot] = value;
            if (shared != null) {
                shared[slot >>> 6] &= ~(1L << slot);
            }
            return;
        }
        if (size + 1 > values.length >>> 1) { // load factor 0.5: a miss (a new window) probes ~2.5 rows, not ~8.5 as at 0.75
            relayout(layout, values.length * 2);
            flat.of(layout, key, namespace);
        }
        insert(hash, flat, value, false);
    }

    /** Removes (key, namespace); returns whether it was there. */
    boolean remove(Object key, Object namespace) {
        int slot = find(key, namespace);
        if (slot < 0) {
            return false;
        }
        if (frozen) {
            thaw();
        }
        deleteSlot(slot);
        return true;
    }

    /**
     * A step of incremental TTL cleanup: checks up to {@code entries} entries from slot {@code from} on, and
     * removes the expired ones (or replaces a list or map with one without its expired elements). Returns
     * {@code (next slot << 32) | entries left}, next slot -1 at the end of the table. Removing an entry may
     * shift a later one into its slot, which is then checked next.
     */
    long cleanExpired(int from, int entries, dev.weir.state.ttl.TtlPolicy policy, long now) {
        int slot = from;
        while (slot < values.length && entries > 0) {
            if (rows[slot * stride] == 0) {
                slot++;
                continue;
            }
            entries--;
            Object value = values[slot];
            Object cleaned = policy.clean(value, now);
            if (cleaned == value) {
                slot++;
                continue;
            }
            if (frozen) {
                thaw();
            }
            if (cleaned == null) {
                deleteSlot(slot);
            } else {
                values[slot] = cleaned; // a new list or map, owned by the table
                if (shared != null) {
                    shared[slot >>> 6] &= ~(1L << slot);
                }
                slot++;
            }
        }
        return (long) (slot >= values.length ? -1 : slot) << 32 | entries;
    }

    /** The synchronous part of a snapshot: the current entries, which the task will no longer change. */
    Frozen freeze() {
        frozen = true;
        return new Frozen(layout, stride, rows, values, keyObjects, namespaceObjects, mask + 1, size);
    }

    /** The current entries, for a pass on the task thread (diagnostics); unlike {@link #freeze()} nothing is shared after. */
    Frozen view() {
        return new Frozen(layout, stride, rows, values, keyObjects, namespaceObjects, mask + 1, size);
    }

    /** No snapshot is being written any more: values need no copy before they change. */
    void release() {
        frozen = false;
        shared = null;
    }

    // ---- internals ----

    private int find(Object key, Object namespace) {
        if (size == 0 || !layout.fits(key, namespace)) {
            return -1;
        }
        FlatLayout.FlatKey flat = this.flat.of(layout, key, namespace);
        return probe(flat.hash(), flat);
    }

    /** The slot holding the identity, or -1. */
    private int probe(int hash, FlatLayout.FlatKey flat) {
        long word = (hash & 0xFFFF_FFFFL) | OCCUPIED;
        long keyBits = flat.keyBits;
        long ns0 = flat.namespace0;
        long ns1 = flat.namespace1;
        long[] rows = this.rows;
        int stride = this.stride;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int row = slot * stride;
            long stored = rows[row];
            if (stored == 0) {
                return -1;
            }
            if (stored == word && rows[row + 1] == keyBits
                    && (stride == 2 || (rows[row + 2] == ns0 && rows[row + 3] == ns1))
                    && (keyObjects == null || flat.keyObject.equals(keyObjects[slot]))
                    && (namespaceObjects == null || java.util.Objects.equals(flat.namespaceObject, namespaceObjects[slot]))) {
                return slot;
            }
        }
    }

    private void insert(int hash, FlatLayout.FlatKey flat, Object value, boolean isShared) {
        int slot = hash & mask;
        while (rows[slot * stride] != 0) {
            slot = (slot + 1) & mask;
        }
        int row = slot * stride;
        rows[row] = (hash & 0xFFFF_FFFFL) | OCCUPIED;
        rows[row + 1] = flat.keyBits;
        if (stride == 4) {
            rows[row + 2] = flat.namespace0;
            rows[row + 3] = flat.namespace1;
        }
        if (keyObjects != null) {
            keyObjects[slot] = flat.keyObject;
        }
        if (namespaceObjects != null) {
            namespaceObjects[slot] = flat.namespaceObject;
        }
        values[slot] = value;
        if (isShared) {
            shared[slot >>> 6] |= 1L << slot;
        } else if (shared != null) {
            shared[slot >>> 6] &= ~(1L << slot);
        }
        size++;
    }

    /** Empties {@code slot} and shifts back the entries after it that probed past it. */
    private void deleteSlot(int slot) {
        int gap = slot;
        for (int next = (gap + 1) & mask; ; next = (next + 1) & mask) {
            int row = next * stride;
            long stored = rows[row];
            if (stored == 0) {
                break;
            }
            int home = (int) stored & mask;
            // the entry at `next` may move into the gap unless its home lies cyclically in (gap, next]
            boolean homeAfterGap = gap <= next ? (gap < home && home <= next) : (gap < home || home <= next);
            if (!homeAfterGap) {
                moveSlot(next, gap);
                gap = next;
            }
        }
        clearSlot(gap);
        size--;
    }

    private void moveSlot(int from, int to) {
        System.arraycopy(rows, from * stride, rows, to * stride, stride);
        values[to] = values[from];
        if (keyObjects != null) {
            keyObjects[to] = keyObjects[from];
        }
        if (namespaceObjects != null) {
            namespaceObjects[to] = namespaceObjects[from];
        }
        if (shared != null) {
            if (isShared(from)) {
                shared[to >>> 6] |= 1L << to;
            } else {
                shared[to >>> 6] &= ~(1L << to);
            }
        }
    }

    private void clearSlot(int slot) {
        Arrays.fill(rows, slot * stride, slot * stride + stride, 0L);
        values[slot] = null;
        if (keyObjects != null) {
            keyObjects[slot] = null;
        }
        if (namespaceObjects != null) {
            namespaceObjects[slot] = null;
        }
        if (shared != null) {
            shared[slot >>> 6] &= ~(1L << slot);
        }
    }

    private boolean isShared(int slot) {
        return (shared[slot >>> 6] & (1L << slot)) != 0;
    }

    /** Stops sharing the arrays with a snapshot: clones them; the values themselves stay shared until changed. */
    private void thaw() {
        rows = rows.clone();
        values = values.clone();
        if (keyObjects != null) {
            keyObjects = keyObjects.clone();
        }
        if (namespaceObjects != null) {
            namespaceObjects = namespaceObjects.clone();
        }
        if (copier != null) {
            shared = new long[(values.length + 63) >>> 6];
            Arrays.fill(shared, -1L);
        }
        frozen = false;
    }

    /** Re-inserts every entry into fresh arrays of {@code capacity} slots in {@code newLayout}. */
    private void relayout(FlatLayout newLayout, int capacity) {
        FlatLayout oldLayout = layout;
        int oldStride = stride;
        long[] oldRows = rows;
        Object[] oldValues = values;
        Object[] oldKeyObjects = keyObjects;
        Object[] oldNamespaceObjects = namespaceObjects;
        long[] oldShared = shared;
        boolean sameLayout = oldLayout == newLayout;

        layout = newLayout;
        stride = 1 + newLayout.identityLongs(); // the hash word, then the identity
        rows = new long[capacity * stride];
        values = new Object[capacity];
        keyObjects = newLayout.keysAsObjects() ? new Object[capacity] : null;
        namespaceObjects = newLayout.namespacesAsObjects() ? new Object[capacity] : null;
        shared = oldShared == null ? null : new long[(capacity + 63) >>> 6];
        mask = capacity - 1;
        size = 0;
        for (int slot = 0; slot < oldValues.length; slot++) {
            int row = slot * oldStride;
            if (oldRows[row] == 0) {
                continue;
            }
            boolean wasShared = oldShared != null && (oldShared[slot >>> 6] & (1L << slot)) != 0;
            Object keyObject = oldKeyObjects == null ? null : oldKeyObjects[slot];
            Object namespaceObject = oldNamespaceObjects == null ? null : oldNamespaceObjects[slot];
            if (sameLayout) {
                flat.of(oldRows[row + 1], oldStride == 4 ? oldRows[row + 2] : 0, oldStride == 4 ? oldRows[row + 3] : 0,
                        keyObject, namespaceObject);
                insert((int) oldRows[row], flat, oldValues[slot], wasShared);
            } else {
                Object key = oldLayout.key(oldRows[row + 1], keyObject);
                Object namespace = oldLayout.namespace(oldStride == 4 ? oldRows[row + 2] : 0,
                        oldStride == 4 ? oldRows[row + 3] : 0, namespaceObject);
                flat.of(layout, key, namespace);
                insert(flat.hash(), flat, oldValues[slot], wasShared);
            }
        }
    }

    /** Receives the entries of a table. */
    @FunctionalInterface
    interface EntryVisitor {
        void accept(Object key, Object namespace, Object value) throws java.io.IOException;
    }

    /** An image of a table at {@link #freeze()}: arrays the task no longer writes. Readable from any thread. */
    static final class Frozen {
        private final FlatLayout layout;
        private final int stride;
        private final long[] rows;
        private final Object[] values;
        private final Object[] keyObjects;
        private final Object[] namespaceObjects;
        private final int capacity;
        private final int size;

        private Frozen(FlatLayout layout, int stride, long[] rows, Object[] values, Object[] keyObjects,
                       Object[] namespaceObjects, int capacity, int size) {
            this.layout = layout;
            this.stride = stride;
            this.rows = rows;
            this.values = values;
            this.keyObjects = keyObjects;
            this.namespaceObjects = namespaceObjects;
            this.capacity = capacity;
            this.size = size;
        }

        int size() {
            return size;
        }

        /** Every entry, in slot order (keys boxed and windows made again from their longs). */
        void forEach(EntryVisitor visitor) throws java.io.IOException {
            for (int slot = 0; slot < capacity; slot++) {
                int row = slot * stride;
                if (rows[row] == 0) {
                    continue;
                }
                Object key = layout.key(rows[row + 1], keyObjects == null ? null : keyObjects[slot]);
                Object namespace = layout.namespace(stride == 4 ? rows[row + 2] : 0, stride == 4 ? rows[row + 3] : 0,
                        namespaceObjects == null ? null : namespaceObjects[slot]);
                visitor.accept(key, namespace, values[slot]);
            }
        }
    }
}
