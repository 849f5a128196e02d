package dev.weir.state;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The entries of one keyed state in one key group, on the heap: a hash table from (key, namespace) to
 * value with open addressing (linear probing, deletion by backward shift, no tombstones). The key and
 * namespace of each entry are laid out flat ({@link FlatLayout}): with {@code Long} or {@code Integer}
 * keys and no namespace or {@code TimeWindow} namespaces, an entry's identity is a row of longs and a
 * lookup compares longs in one cache line. The namespace is {@code null} for plain keyed state.
 *
 * <p><b>Rows.</b> A row is: a hash word (absent when the identity is a long or int key alone), the key's
 * long, the window's start and end (TimeWindow namespaces), and the value's bits when the state's values
 * are {@code Long}, {@code Integer} or {@code Double} ({@link ValueKind}); other values are objects in a
 * parallel array. Without a hash word an all-zero row is empty, except at {@code zeroSlot}, the slot of the
 * key whose bits are 0. Such tables (plain keyed state of long or int keys: the common case) fill up to 3/4
 * (a miss is rare there: a new key), the others to 1/2 (a miss, a new window, probes ~2.5 rows, not ~8.5).
 *
 * <p><b>Sizes.</b> Each array of a table is a power of two bytes, header included (the table's capacity is
 * not a power of two; a hash picks its slot by multiply-shift): a large array then fills whole G1 regions
 * instead of wasting most of its last one.
 *
 * <p><b>One probe for a read and a write of the same entry.</b> The table remembers the slot of its last
 * lookup, under the key and namespace objects it was asked for: a lookup with the same objects (a handle's
 * {@code update} after its {@code value} for the same current key) takes that slot without probing. Any
 * deletion or relayout forgets it (they move entries); inserts and copy-on-write clones move none.
 *
 * <p><b>Copy-on-write snapshots.</b> {@link #freeze()} hands the current arrays to a snapshot, in O(1).
 * The next write clones the arrays first (a memory copy, no rehash), so the snapshot's arrays never change
 * while it is written on another thread. Values that state handles change in place (lists, maps,
 * accumulators: a table made with a {@code copier}) are shared with the snapshot after the clone; each one
 * is copied once, on its first {@link #getForUpdate} while shared (a bit per slot says which), and the
 * bits are dropped when no snapshot is being written ({@link #release()}). Values held as bits need no
 * copier: the clone of the rows is their copy.
 *
 * <p>Task thread only, except that a {@link Frozen} view is read by the snapshot writer.
 */
final class KeyGroupTable {

    private static final long OCCUPIED = 1L << 32;
    /** Bytes of an array's header (with compressed class pointers, the JVM's default). */
    private static final int ARRAY_HEADER_BYTES = 16;
    /** The smallest table's rows: 256 bytes. */
    private static final int MIN_ARRAY_BYTES = 256;

    private final UnaryOperator<Object> copier;
    private final ValueKind valueKind;
    private FlatLayout layout = FlatLayout.EMPTY;
    /** Whether rows start with a hash word (with OCCUPIED set): all layouts but a long or int key alone. */
    private boolean hashWord = true;
    /** 1 with a hash word, else 0. */
    private int keyOffset = 1;
    /** Longs of the identity: the key's, and a window's start and end for TimeWindow namespaces. */
    private int identityLongs = 1;
    /** Where a primitive value's bits are in a row. */
    private int valueOffset;
    /** Longs per row. */
    private int stride = 2;
    private int capacity;
    private long[] rows = new long[0];
    /** The values (null when they are held in the rows as bits). */
    private Object[] values;
    private Object[] keyObjects;
    private Object[] namespaceObjects;
    /** Slots whose value a snapshot shares (copy before changing it in place); null when none. */
    private long[] shared;
    private int size;
    private int maxSize;
    /** Without a hash word: the slot of the key whose bits are 0, or -1. */
    private int zeroSlot = -1;
    /** The arrays belong to a snapshot too: clone before writing. */
    private boolean frozen;
    /** The last lookup that found an entry: the key and namespace objects asked for, and the slot; -1 when none. */
    private Object lastKey;
    private Object lastNamespace;
    private int lastSlot = -1;
    /** The identity being looked up, laid out (reused: no allocation per lookup). */
    private final FlatLayout.FlatKey flat = new FlatLayout.FlatKey();

    /** A table of object values that are never changed in place ({@code copier} null) or are copied with {@code copier}. */
    KeyGroupTable(UnaryOperator<Object> copier) {
        this(copier, ValueKind.OBJECT);
    }

    /** A table whose values are of {@code valueKind}; {@code copier} as above, null for a primitive kind. */
    KeyGroupTable(UnaryOperator<Object> copier, ValueKind valueKind) {
        if (valueKind.isPrimitive() && copier != null) {
            throw new IllegalArgumentException("values held as bits need no copier");
        }
        this.copier = copier;
        this.valueKind = valueKind;
        this.values = valueKind.isPrimitive() ? null : new Object[0];
    }

    int size() {
        return size;
    }

    /** The value of (key, namespace), or null. */
    Object get(Object key, Object namespace) {
        int slot = find(key, namespace);
        return slot < 0 ? null : valueAt(slot);
    }

    /** The slot of (key, namespace), or -1 (tests read a primitive value there with {@link #bitsAt}). */
    int slotOf(Object key, Object namespace) {
        return find(key, namespace);
    }

    /** The bits of the primitive value at {@code slot} (from {@link #slotOf}). */
    long bitsAt(int slot) {
        return rows[slot * stride + valueOffset];
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
        if (values == null) {
            return valueKind.box(bitsAt(slot)); // immutable
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
        if (values == null) {
            putBits(key, namespace, valueKind.bits(value));
            return;
        }
        int slot = find(key, namespace);
        if (slot < 0) {
            insertNew(key, namespace, value, 0L);
            return;
        }
        if (frozen) {
            thaw();
        }
        values[slot] = value;
        if (shared != null) {
            shared[slot >>> 6] &= ~(1L << slot);
        }
    }

    /** Sets the primitive value of (key, namespace) to {@code bits} (a table of a primitive value kind). */
    void putBits(Object key, Object namespace, long bits) {
        int slot = find(key, namespace); // after a lookup of the same key: its slot, without a probe
        if (slot < 0) {
            insertNew(key, namespace, null, bits);
            return;
        }
        if (frozen) {
            thaw();
        }
        rows[slot * stride + valueOffset] = bits;
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
     * shift a later one into its slot, which is then checked next. Values held as bits never expire.
     */
    long cleanExpired(int from, int entries, dev.weir.state.ttl.TtlPolicy policy, long now) {
        int slot = values == null ? capacity : from;
        while (slot < capacity && entries > 0) {
            if (!occupied(slot)) {
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
        return (long) (slot >= capacity ? -1 : slot) << 32 | entries;
    }

    /** The synchronous part of a snapshot: the current entries, which the task will no longer change. */
    Frozen freeze() {
        frozen = true;
        return view();
    }

    /** The current entries, for a pass on the task thread (diagnostics); unlike {@link #freeze()} nothing is shared after. */
    Frozen view() {
        return new Frozen(this);
    }

    /** No snapshot is being written any more: values need no copy before they change. */
    void release() {
        frozen = false;
        shared = null;
    }

    // ---- internals ----

    private int find(Object key, Object namespace) {
        if (lastSlot >= 0 && key == lastKey && namespace == lastNamespace) {
            return lastSlot;
        }
        if (size == 0 || !layout.fits(key, namespace)) {
            return -1;
        }
        int slot;
        if (hashWord) {
            FlatLayout.FlatKey flat = this.flat.of(layout, key, namespace);
            slot = probe(flat.hash(), flat);
        } else {
            slot = probeKey(layout.keyBits(key));
        }
        if (slot >= 0) {
            lastKey = key;
            lastNamespace = namespace;
            lastSlot = slot;
        }
        return slot;
    }

    /** The slot of an identity in rows with a hash word, or -1. */
    private int probe(int hash, FlatLayout.FlatKey flat) {
        long word = (hash & 0xFFFF_FFFFL) | OCCUPIED;
        long keyBits = flat.keyBits;
        long ns0 = flat.namespace0;
        long ns1 = flat.namespace1;
        long[] rows = this.rows;
        int stride = this.stride;
        for (int slot = index(hash); ; slot = next(slot)) {
            int row = slot * stride;
            long stored = rows[row];
            if (stored == 0) {
                return -1;
            }
            if (stored == word && rows[row + 1] == keyBits
                    && (identityLongs == 1 || (rows[row + 2] == ns0 && rows[row + 3] == ns1))
                    && (keyObjects == null || flat.keyObject.equals(keyObjects[slot]))
                    && (namespaceObjects == null || java.util.Objects.equals(flat.namespaceObject, namespaceObjects[slot]))) {
                return slot;
            }
        }
    }

    /** The slot of a key in rows without a hash word (the key's bits are the whole identity), or -1. */
    private int probeKey(long keyBits) {
        if (keyBits == 0) {
            return zeroSlot;
        }
        long[] rows = this.rows;
        int stride = this.stride;
        for (int slot = index(keyHash(keyBits)); ; slot = next(slot)) {
            long stored = rows[slot * stride];
            if (stored == keyBits) {
                return slot;
            }
            if (stored == 0 && slot != zeroSlot) {
                return -1;
            }
        }
    }

    /** The hash of an identity that is a key's bits alone (what {@link FlatLayout.FlatKey#hash} gives for it). */
    private static int keyHash(long keyBits) {
        return FlatLayout.hash(keyBits, null, 0, 0, null);
    }

    /** The home slot of a hash: multiply-shift onto [0, capacity). */
    private int index(int hash) {
        return (int) (((hash & 0xFFFF_FFFFL) * capacity) >>> 32);
    }

    private int next(int slot) {
        return slot + 1 == capacity ? 0 : slot + 1;
    }

    private boolean occupied(int slot) {
        long first = rows[slot * stride];
        return first != 0 || (!hashWord && slot == zeroSlot);
    }

    private Object valueAt(int slot) {
        return values != null ? values[slot] : valueKind.box(rows[slot * stride + valueOffset]);
    }

    /** Adds (key, namespace), which is not in the table, with {@code value} (object values) or {@code bits}. */
    private void insertNew(Object key, Object namespace, Object value, long bits) {
        if (frozen) {
            thaw();
        }
        if (layout.isEmpty() || !layout.fits(key, namespace)) {
            FlatLayout wider = layout.widen(key, namespace);
            relayout(wider, capacityFor(wider, size + 1));
        } else if (size + 1 > maxSize) {
            relayout(layout, capacityFor(layout, size + 1));
        }
        FlatLayout.FlatKey flat = this.flat.of(layout, key, namespace);
        int slot = insert(flat.hash(), flat, value, bits, false);
        lastKey = key; // an insert moves no other entry: the slot stays right until a deletion or relayout
        lastNamespace = namespace;
        lastSlot = slot;
    }

    private int insert(int hash, FlatLayout.FlatKey flat, Object value, long bits, boolean isShared) {
        int slot = index(hash);
        while (occupied(slot)) {
            slot = next(slot);
        }
        int row = slot * stride;
        if (hashWord) {
            rows[row] = (hash & 0xFFFF_FFFFL) | OCCUPIED;
        } else if (flat.keyBits == 0) {
            zeroSlot = slot;
        }
        rows[row + keyOffset] = flat.keyBits;
        if (identityLongs == 3) {
            rows[row + keyOffset + 1] = flat.namespace0;
            rows[row + keyOffset + 2] = flat.namespace1;
        }
        if (keyObjects != null) {
            keyObjects[slot] = flat.keyObject;
        }
        if (namespaceObjects != null) {
            namespaceObjects[slot] = flat.namespaceObject;
        }
        if (values != null) {
            values[slot] = value;
        } else {
            rows[row + valueOffset] = bits;
        }
        if (isShared) {
            shared[slot >>> 6] |= 1L << slot;
        } else if (shared != null) {
            shared[slot >>> 6] &= ~(1L << slot);
        }
        size++;
        return slot;
    }

    /** Empties {@code slot} and shifts back the entries after it that probed past it. */
    private void deleteSlot(int slot) {
        lastSlot = -1; // entries move
        if (slot == zeroSlot) {
            zeroSlot = -1;
        }
        int gap = slot;
        for (int next = next(gap); occupied(next); next = next(next)) {
            int home = homeOf(next);
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

    private int homeOf(int slot) {
        long first = rows[slot * stride];
        return index(hashWord ? (int) first : keyHash(first));
    }

    private void moveSlot(int from, int to) {
        System.arraycopy(rows, from * stride, rows, to * stride, stride);
        if (from == zeroSlot) {
            zeroSlot = to;
        }
        if (values != null) {
            values[to] = values[from];
        }
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
        if (slot == zeroSlot) {
            zeroSlot = -1;
        }
        if (values != null) {
            values[slot] = null;
        }
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

    /** Stops sharing the arrays with a snapshot: clones them (slots stay); the values themselves stay shared until changed. */
    private void thaw() {
        rows = rows.clone();
        if (values != null) {
            values = values.clone();
        }
        if (keyObjects != null) {
            keyObjects = keyObjects.clone();
        }
        if (namespaceObjects != null) {
            namespaceObjects = namespaceObjects.clone();
        }
        if (copier != null) {
            shared = new long[(capacity + 63) >>> 6];
            Arrays.fill(shared, -1L);
        }
        frozen = false;
    }

    /** Whether rows of {@code layout} start with a hash word: unless the identity is a long or int key alone. */
    private static boolean hashWordFor(FlatLayout layout) {
        return layout.isEmpty() || layout.keysAsObjects() || layout.namespaceKind != FlatLayout.NamespaceKind.NONE;
    }

    private int strideFor(FlatLayout layout) {
        return (hashWordFor(layout) ? 1 : 0) + layout.identityLongs() + (valueKind.isPrimitive() ? 1 : 0);
    }

    /**
     * The capacity for {@code entries} entries in {@code layout}: the largest whose arrays fit the smallest power
     * of two bytes (header included) that leaves the table no fuller than its load factor.
     */
    private int capacityFor(FlatLayout layout, int entries) {
        boolean withHashWord = hashWordFor(layout);
        int stride = strideFor(layout);
        boolean objectArrays = !valueKind.isPrimitive() || layout.keysAsObjects() || layout.namespacesAsObjects();
        for (long bytes = MIN_ARRAY_BYTES; ; bytes <<= 1) {
            long slots = (bytes - ARRAY_HEADER_BYTES) / (8L * stride);
            if (objectArrays) { // references of 4 bytes (compressed): their arrays' size is the rows' / (2 * stride)
                slots = Math.min(slots, (bytes / (2L * stride) - ARRAY_HEADER_BYTES) / 4);
            }
            long fill = withHashWord ? slots / 2 : slots - slots / 4;
            if (fill >= entries) {
                return (int) slots;
            }
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalStateException("a key group of a keyed state has more entries than a heap table holds ("
                        + entries + "): raise the maximum parallelism so keys spread over more key groups");
            }
        }
    }

    /** Re-inserts every entry into fresh arrays of {@code newCapacity} slots in {@code newLayout}. */
    private void relayout(FlatLayout newLayout, int newCapacity) {
        FlatLayout oldLayout = layout;
        boolean oldHashWord = hashWord;
        int oldKeyOffset = keyOffset;
        int oldIdentityLongs = identityLongs;
        int oldValueOffset = valueOffset;
        int oldStride = stride;
        int oldCapacity = capacity;
        int oldZeroSlot = zeroSlot;
        long[] oldRows = rows;
        Object[] oldValues = values;
        Object[] oldKeyObjects = keyObjects;
        Object[] oldNamespaceObjects = namespaceObjects;
        long[] oldShared = shared;
        boolean sameLayout = oldLayout == newLayout;

        layout = newLayout;
        hashWord = hashWordFor(newLayout);
        keyOffset = hashWord ? 1 : 0;
        identityLongs = newLayout.identityLongs();
        valueOffset = keyOffset + identityLongs;
        stride = strideFor(newLayout);
        capacity = newCapacity;
        maxSize = hashWord ? newCapacity / 2 : newCapacity - newCapacity / 4;
        rows = new long[newCapacity * stride];
        values = valueKind.isPrimitive() ? null : new Object[newCapacity];
        keyObjects = newLayout.keysAsObjects() ? new Object[newCapacity] : null;
        namespaceObjects = newLayout.namespacesAsObjects() ? new Object[newCapacity] : null;
        shared = oldShared == null ? null : new long[(newCapacity + 63) >>> 6];
        size = 0;
        zeroSlot = -1;
        lastSlot = -1;
        for (int slot = 0; slot < oldCapacity; slot++) {
            int row = slot * oldStride;
            if (oldRows[row] == 0 && (oldHashWord || slot != oldZeroSlot)) {
                continue;
            }
            boolean wasShared = oldShared != null && (oldShared[slot >>> 6] & (1L << slot)) != 0;
            long keyBits = oldRows[row + oldKeyOffset];
            long ns0 = oldIdentityLongs == 3 ? oldRows[row + oldKeyOffset + 1] : 0;
            long ns1 = oldIdentityLongs == 3 ? oldRows[row + oldKeyOffset + 2] : 0;
            Object keyObject = oldKeyObjects == null ? null : oldKeyObjects[slot];
            Object namespaceObject = oldNamespaceObjects == null ? null : oldNamespaceObjects[slot];
            Object value = oldValues == null ? null : oldValues[slot];
            long bits = oldValues == null ? oldRows[row + oldValueOffset] : 0;
            int hash;
            if (sameLayout) {
                flat.of(keyBits, ns0, ns1, keyObject, namespaceObject);
                hash = oldHashWord ? (int) oldRows[row] : flat.hash();
            } else {
                flat.of(layout, oldLayout.key(keyBits, keyObject), oldLayout.namespace(ns0, ns1, namespaceObject));
                hash = flat.hash();
            }
            insert(hash, flat, value, bits, wasShared);
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
        private final ValueKind valueKind;
        private final boolean hashWord;
        private final int keyOffset;
        private final int identityLongs;
        private final int valueOffset;
        private final int stride;
        private final long[] rows;
        private final Object[] values;
        private final Object[] keyObjects;
        private final Object[] namespaceObjects;
        private final int capacity;
        private final int size;
        private final int zeroSlot;

        private Frozen(KeyGroupTable table) {
            this.layout = table.layout;
            this.valueKind = table.valueKind;
            this.hashWord = table.hashWord;
            this.keyOffset = table.keyOffset;
            this.identityLongs = table.identityLongs;
            this.valueOffset = table.valueOffset;
            this.stride = table.stride;
            this.rows = table.rows;
            this.values = table.values;
            this.keyObjects = table.keyObjects;
            this.namespaceObjects = table.namespaceObjects;
            this.capacity = table.capacity;
            this.size = table.size;
            this.zeroSlot = table.zeroSlot;
        }

        int size() {
            return size;
        }

        /** Every entry, in slot order (keys and values held as bits boxed, windows made again from their longs). */
        void forEach(EntryVisitor visitor) throws java.io.IOException {
            for (int slot = 0; slot < capacity; slot++) {
                int row = slot * stride;
                if (rows[row] == 0 && (hashWord || slot != zeroSlot)) {
                    continue;
                }
                Object key = layout.key(rows[row + keyOffset], keyObjects == null ? null : keyObjects[slot]);
                Object namespace = layout.namespace(identityLongs == 3 ? rows[row + keyOffset + 1] : 0,
                        identityLongs == 3 ? rows[row + keyOffset + 2] : 0,
                        namespaceObjects == null ? null : namespaceObjects[slot]);
                visitor.accept(key, namespace, values != null ? values[slot] : valueKind.box(rows[row + valueOffset]));
            }
        }
    }
}
