package dev.weir.state;

import java.util.Arrays;

/**
 * A binary min-heap of timers by timestamp, laid out flat: one row of longs per timer (timestamp, key bits and,
 * for window namespaces, the window's start and end, as {@link FlatLayout} says), and arrays of key and namespace
 * objects only where the layout holds those as objects. Sifting compares and moves longs without touching other
 * objects (a heap of 100 k window timers sifts about 17 levels per poll; each level through an object reference
 * would be a cache miss), and adding a timer stores no reference to a young object into this long-lived array.
 * Timers of equal timestamp come out in no particular order. The domain (event or processing time) is the heap's
 * own. Not thread-safe; used by {@link HeapTimerQueue} on the task thread.
 */
final class TimerHeap {
    private static final int INITIAL = 16;

    private FlatLayout layout = FlatLayout.EMPTY;
    /** Longs per row: timestamp, key bits, and window start and end when namespaces are windows. */
    private int stride = 2;
    private long[] rows = new long[INITIAL * 2];
    private Object[] keys;
    private Object[] namespaces;
    private int size;

    int size() {
        return size;
    }

    static int strideOf(FlatLayout layout) {
        return 1 + layout.identityLongs(); // the timestamp, then the identity
    }

    /**
     * Lays every row out again in {@code widened}, which holds everything the current layout does (positions, and
     * so the heap order, stay as they are).
     */
    void relayout(FlatLayout widened) {
        int newStride = strideOf(widened);
        FlatLayout.FlatKey relaid = new FlatLayout.FlatKey();
        long[] newRows = new long[Math.max(INITIAL, rows.length / stride) * newStride];
        Object[] newKeys = widened.keysAsObjects() ? new Object[newRows.length / newStride] : null;
        Object[] newNamespaces = widened.namespacesAsObjects() ? new Object[newRows.length / newStride] : null;
        for (int i = 0; i < size; i++) {
            int from = i * stride;
            int to = i * newStride;
            Object key = layout.key(rows[from + 1], keys == null ? null : keys[i]);
            FlatLayout.FlatKey flat = relaid.of(widened, key, namespaceAt(i));
            newRows[to] = rows[from];
            newRows[to + 1] = flat.keyBits;
            if (newStride == 4) {
                newRows[to + 2] = flat.namespace0;
                newRows[to + 3] = flat.namespace1;
            }
            if (newKeys != null) {
                newKeys[i] = flat.keyObject;
            }
            if (newNamespaces != null) {
                newNamespaces[i] = flat.namespaceObject;
            }
        }
        layout = widened;
        stride = newStride;
        rows = newRows;
        keys = newKeys;
        namespaces = newNamespaces;
    }

    /** Adds a timer laid out in this heap's layout ({@code keyObject}/{@code namespaceObject} null unless held as objects). */
    void add(long timestamp, long keyBits, long namespace0, long namespace1, Object keyObject, Object namespaceObject) {
        if ((size + 1) * stride > rows.length) {
            grow();
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (rows[parent * stride] <= timestamp) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, timestamp, keyBits, namespace0, namespace1, keyObject, namespaceObject);
    }

    private void grow() {
        int capacity = Math.max(INITIAL, rows.length / stride * 2);
        rows = Arrays.copyOf(rows, capacity * stride);
        if (keys != null) {
            keys = Arrays.copyOf(keys, capacity);
        }
        if (namespaces != null) {
            namespaces = Arrays.copyOf(namespaces, capacity);
        }
    }

    private void move(int from, int to) {
        int f = from * stride;
        int t = to * stride;
        rows[t] = rows[f];
        rows[t + 1] = rows[f + 1];
        if (stride == 4) {
            rows[t + 2] = rows[f + 2];
            rows[t + 3] = rows[f + 3];
        }
        if (keys != null) {
            keys[to] = keys[from];
        }
        if (namespaces != null) {
            namespaces[to] = namespaces[from];
        }
    }

    private void set(int i, long timestamp, long keyBits, long namespace0, long namespace1, Object keyObject,
                     Object namespaceObject) {
        int at = i * stride;
        rows[at] = timestamp;
        rows[at + 1] = keyBits;
        if (stride == 4) {
            rows[at + 2] = namespace0;
            rows[at + 3] = namespace1;
        }
        if (keys != null) {
            keys[i] = keyObject;
        }
        if (namespaces != null) {
            namespaces[i] = namespaceObject;
        }
    }

    // the head's fields (call only when not empty)

    long headTimestamp() {
        return rows[0];
    }

    long headKeyBits() {
        return rows[1];
    }

    long headNamespace0() {
        return stride == 4 ? rows[2] : 0;
    }

    long headNamespace1() {
        return stride == 4 ? rows[3] : 0;
    }

    Object headKeyObject() {
        return keys == null ? null : keys[0];
    }

    Object headNamespaceObject() {
        return namespaces == null ? null : namespaces[0];
    }

    private Object namespaceAt(int i) {
        int at = i * stride;
        return layout.isEmpty() ? null : layout.namespace(stride == 4 ? rows[at + 2] : 0, stride == 4 ? rows[at + 3] : 0,
                namespaces == null ? null : namespaces[i]);
    }

    /** Removes the earliest timer (call only when not empty). */
    void removeHead() {
        int last = --size;
        if (last == 0) {
            clearObjects(0);
            return;
        }
        int lastAt = last * stride;
        long timestamp = rows[lastAt];
        long keyBits = rows[lastAt + 1];
        long namespace0 = stride == 4 ? rows[lastAt + 2] : 0;
        long namespace1 = stride == 4 ? rows[lastAt + 3] : 0;
        Object keyObject = keys == null ? null : keys[last];
        Object namespaceObject = namespaces == null ? null : namespaces[last];
        clearObjects(last);
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < last && rows[right * stride] < rows[child * stride]) {
                child = right;
            }
            if (timestamp <= rows[child * stride]) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, timestamp, keyBits, namespace0, namespace1, keyObject, namespaceObject);
    }

    private void clearObjects(int i) {
        if (keys != null) {
            keys[i] = null;
        }
        if (namespaces != null) {
            namespaces[i] = null;
        }
    }

    /** Empties the heap, which is about to take up to {@code expected} timers again. */
    void clear(int expected) {
        if (keys != null) {
            Arrays.fill(keys, 0, size, null);
        }
        if (namespaces != null) {
            Arrays.fill(namespaces, 0, size, null);
        }
        size = 0;
        int capacity = rows.length / stride;
        if (capacity > 1024 && capacity > 4L * expected) { // give back the memory of a burst of timers
            int smaller = Math.max(INITIAL, Integer.highestOneBit(Math.max(1, expected)) * 2);
            rows = new long[smaller * stride];
            keys = keys == null ? null : new Object[smaller];
            namespaces = namespaces == null ? null : new Object[smaller];
        }
    }
}
