package dev.weir.rocksdb;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import dev.weir.state.TimerQueue;
import dev.weir.state.serialization.VarInts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.TreeSet;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * The timers of the RocksDB backend, in a column family of their own, with only a few of the
 * earliest on the heap: millions of timers cost disk, not heap.
 *
 * <p><b>Layout.</b> One entry per timer, empty value, key
 * {@code [key group: 2][domain: 1][timestamp: 8, big-endian, sign bit flipped][key length: varint][key]
 * [namespace flag: 1][namespace]}. So the entries of one key group are one contiguous range (the
 * backend clips, copies and snapshots the column family by key group like any state's), and inside
 * a key group and domain the bytewise order of RocksDB is the timestamp order. Registering the same
 * (domain, timestamp, key, namespace) again writes the same RocksDB key: one timer.
 *
 * <p><b>Heap.</b> Per key group and domain a {@link KeyGroupQueue} holds the earliest timers (at
 * most {@code cacheSize}) as a sorted cache that always is a prefix of what RocksDB holds; a timer
 * beyond the cached prefix touches RocksDB only. Per domain an indexed binary heap orders the key
 * groups by their earliest timer, so {@link #peekEventTime()} is a look at its root and
 * {@link #pollEventTime()} a delete plus a sift. A cache emptied by polls is refilled from RocksDB
 * at once, seeking from the last timer taken (not from the start of the range, which would step
 * over the tombstones of every timer fired before).
 *
 * <p>Created by the backend after its restore; task thread only.
 */
final class RocksDBTimerQueue implements TimerQueue {
    /** The column family's name; no state may take it. */
    static final String COLUMN_FAMILY = "_weir_timers";

    private static final byte PROCESSING_TIME = 0, EVENT_TIME = 1;
    /** Bytes before the part that orders timers across key groups: key group and domain. */
    private static final int PREFIX = 3;
    private static final byte[] EMPTY = new byte[0];

    private final RocksDBKeyedStateBackend backend;
    private final ColumnFamilyHandle columnFamily;
    private final TypeSerializer<Object> keySerializer;
    private final TypeSerializer<Object> namespaceSerializer;
    private final KeyGroupRange keyGroups;
    private final int maxParallelism;
    private final int cacheSize;
    private final Domain processingTime;
    private final Domain eventTime;
    private final ExposedBuffer encoded = new ExposedBuffer(64);
    private final ExposedBuffer serializedKey = new ExposedBuffer(32);
    private final ExposedBuffer otherKey = new ExposedBuffer(32);
    private final byte[] probe = new byte[1];
    /** Timers of both domains, or -1 until {@link #size()} first counts them. */
    private long size = -1;

    RocksDBTimerQueue(RocksDBKeyedStateBackend backend, ColumnFamilyHandle columnFamily, KeyGroupRange keyGroups,
                      int maxParallelism, TypeSerializer<Object> keySerializer,
                      TypeSerializer<Object> namespaceSerializer, int cacheSize) {
        this.backend = backend;
        this.columnFamily = columnFamily;
        this.keyGroups = keyGroups;
        this.maxParallelism = maxParallelism;
        this.keySerializer = keySerializer;
        this.namespaceSerializer = namespaceSerializer;
        this.cacheSize = cacheSize;
        this.processingTime = new Domain(PROCESSING_TIME);
        this.eventTime = new Domain(EVENT_TIME);
    }

    @Override
    public boolean add(Timer timer) {
        byte[] bytes = encode(timer);
        KeyGroupQueue queue = queueOf(bytes);
        if (queue.covers(bytes)) {
            Entry entry = new Entry(bytes, timer);
            if (!queue.cache.add(entry)) {
                return false;
            }
            put(bytes);
            if (queue.cache.size() > cacheSize) {
                queue.cache.pollLast(); // stays in RocksDB
                queue.complete = false;
            }
            if (queue.cache.first() == entry) {
                queue.domain.adjust(queue);
            }
        } else {
            // Later than every stored timer (the usual case: timers registered in time order) is new
            // for sure; otherwise RocksDB says whether it is there.
            boolean beyondAll = queue.last == null || Arrays.compareUnsigned(bytes, queue.last) > 0;
            if (!beyondAll && exists(bytes)) {
                return false;
            }
            put(bytes);
        }
        if (queue.last == null || Arrays.compareUnsigned(bytes, queue.last) > 0) {
            queue.last = bytes;
        }
        if (size >= 0) {
            size++;
        }
        return true;
    }

    @Override
    public boolean remove(Timer timer) {
        byte[] bytes = encode(timer);
        KeyGroupQueue queue = queueOf(bytes);
        if (queue.covers(bytes)) {
            if (!queue.cache.remove(new Entry(bytes, null))) {
                return false;
            }
            delete(bytes);
            if (queue.cache.isEmpty() || Arrays.compareUnsigned(bytes, queue.cache.first().bytes) < 0) { // the head
                queue.refillIfEmpty(bytes);
                queue.domain.adjust(queue);
            }
        } else {
            if (!exists(bytes)) {
                return false;
            }
            delete(bytes);
        }
        if (size >= 0) {
            size--;
        }
        return true;
    }

    @Override
    public Timer peek() {
        return processingTime.peek();
    }

    @Override
    public Timer poll() {
        return processingTime.poll();
    }

    @Override
    public Timer peekEventTime() {
        return eventTime.peek();
    }

    @Override
    public Timer pollEventTime() {
        return eventTime.poll();
    }

    @Override
    public int size() {
        if (size < 0) {
            long count = 0;
            try (RocksIterator it = backend.db.newIterator(columnFamily, backend.readOptions)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    count++;
                }
                it.status();
            } catch (RocksDBException e) {
                throw backend.failure("counting the timers", e);
            }
            size = count;
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /** Timers on the heap now, both domains (for tests: bounded by key groups × 2 × cache size). */
    int cachedTimers() {
        int cached = 0;
        for (Domain domain : new Domain[] {processingTime, eventTime}) {
            for (KeyGroupQueue queue : domain.queues) {
                cached += queue.cache.size();
            }
        }
        return cached;
    }

    // ---- encoding ----

    /** The RocksDB key of {@code timer} (a new array: caches keep it). */
    private byte[] encode(Timer timer) {
        try {
            // Usually a timer for the current key, whose bytes [key group][length][key] the backend has.
            ExposedBuffer key = timer.key() == backend.getCurrentKey() ? backend.currentKey() : keyBytes(timer.key());
            encoded.reset();
            encoded.write(key.array(), 0, 2);
            encoded.out.writeByte(timer.eventTime() ? EVENT_TIME : PROCESSING_TIME);
            encoded.out.writeLong(timer.timestamp() ^ Long.MIN_VALUE); // unsigned bytewise order = signed order
            encoded.write(key.array(), 2, key.length() - 2);
            encoded.out.writeByte(timer.namespace() == null ? 0 : 1);
            if (timer.namespace() != null) {
                namespaceSerializer.serialize(timer.namespace(), encoded.out);
            }
            return Arrays.copyOf(encoded.array(), encoded.length());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the key or namespace of timer " + timer, e);
        }
    }

    /** {@code [key group][length][key bytes]} of a key other than the current one (into a reused buffer). */
    private ExposedBuffer keyBytes(Object key) throws IOException {
        serializedKey.reset();
        keySerializer.serialize(key, serializedKey.out);
        otherKey.reset();
        otherKey.out.writeShort(KeyGroups.ownedKeyGroup(key, maxParallelism, keyGroups));
        VarInts.write(serializedKey.length(), otherKey.out);
        otherKey.write(serializedKey.array(), 0, serializedKey.length());
        return otherKey;
    }

    private Timer decode(byte[] bytes) {
        try {
            java.io.DataInputStream in = new java.io.DataInputStream(
                    new java.io.ByteArrayInputStream(bytes, PREFIX, bytes.length - PREFIX));
            long timestamp = in.readLong() ^ Long.MIN_VALUE;
            int keyLength = VarInts.readLength(in);
            int keyStart = bytes.length - in.available();
            Object key = RocksDBKeyedStateBackend.deserialize(keySerializer, bytes, keyStart, keyLength);
            in.skipBytes(keyLength);
            byte flag = in.readByte();
            Object namespace = flag == 0 ? null : namespaceSerializer.deserialize(in);
            return new Timer(timestamp, key, namespace, bytes[2] == EVENT_TIME);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a timer from RocksDB (did the key or namespace type change?)", e);
        }
    }

    private KeyGroupQueue queueOf(byte[] bytes) {
        int keyGroup = (bytes[0] & 0xFF) << 8 | bytes[1] & 0xFF;
        Domain domain = bytes[2] == EVENT_TIME ? eventTime : processingTime;
        return domain.queues[keyGroup - keyGroups.first()];
    }

    // ---- RocksDB ----

    private void put(byte[] bytes) {
        try {
            backend.db.put(columnFamily, backend.writeOptions, bytes, 0, bytes.length, EMPTY, 0, 0);
        } catch (RocksDBException e) {
            throw backend.failure("writing a timer", e);
        }
    }

    private void delete(byte[] bytes) {
        try {
            backend.db.delete(columnFamily, backend.writeOptions, bytes, 0, bytes.length);
        } catch (RocksDBException e) {
            throw backend.failure("deleting a timer", e);
        }
    }

    private boolean exists(byte[] bytes) {
        try {
            return backend.db.get(columnFamily, backend.readOptions, bytes, 0, bytes.length, probe, 0, probe.length)
                    != RocksDB.NOT_FOUND;
        } catch (RocksDBException e) {
            throw backend.failure("reading a timer", e);
        }
    }

    // ---- the heap part ----

    /** A timer as stored, with the timer itself once decoded. */
    private final class Entry {
        final byte[] bytes;
        Timer timer;

        Entry(byte[] bytes, Timer timer) {
            this.bytes = bytes;
            this.timer = timer;
        }

        Timer timer() {
            if (timer == null) {
                timer = decode(bytes);
            }
            return timer;
        }
    }

    /** One domain: its queues, one per key group, in an indexed binary heap ordered by earliest timer. */
    private final class Domain {
        final byte code;
        final KeyGroupQueue[] queues;
        final KeyGroupQueue[] heap;

        Domain(byte code) {
            this.code = code;
            int count = keyGroups.last() - keyGroups.first() + 1;
            queues = new KeyGroupQueue[count];
            heap = new KeyGroupQueue[count];
            for (int i = 0; i < count; i++) {
                queues[i] = new KeyGroupQueue(this, keyGroups.first() + i);
                queues[i].load();
                heap[i] = queues[i];
                queues[i].heapIndex = i;
            }
            for (int i = count / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }

        Timer peek() {
            Entry head = heap[0].head;
            return head == null ? null : head.timer();
        }

        Timer poll() {
            KeyGroupQueue root = heap[0];
            if (root.cache.isEmpty()) {
                return null;
            }
            Entry head = root.cache.pollFirst();
            Timer timer = head.timer();
            delete(head.bytes);
            root.refillIfEmpty(head.bytes);
            root.head = root.cache.isEmpty() ? null : root.cache.first();
            siftDown(0);
            if (size >= 0) {
                size--;
            }
            return timer;
        }

        /** The earliest timer of {@code queue} changed: restores the heap order. */
        void adjust(KeyGroupQueue queue) {
            queue.head = queue.cache.isEmpty() ? null : queue.cache.first();
            siftUp(queue.heapIndex);
            siftDown(queue.heapIndex);
        }

        private void siftUp(int index) {
            KeyGroupQueue moving = heap[index];
            while (index > 0) {
                int parent = (index - 1) >>> 1;
                if (compareHeads(moving, heap[parent]) >= 0) {
                    break;
                }
                place(heap[parent], index);
                index = parent;
            }
            place(moving, index);
        }

        private void siftDown(int index) {
            KeyGroupQueue moving = heap[index];
            int half = heap.length >>> 1;
            while (index < half) {
                int child = 2 * index + 1;
                if (child + 1 < heap.length && compareHeads(heap[child + 1], heap[child]) < 0) {
                    child++;
                }
                if (compareHeads(moving, heap[child]) <= 0) {
                    break;
                }
                place(heap[child], index);
                index = child;
            }
            place(moving, index);
        }

        private void place(KeyGroupQueue queue, int index) {
            heap[index] = queue;
            queue.heapIndex = index;
        }

        /** By earliest timer (timestamp, then key and namespace bytes); an empty queue last. */
        private int compareHeads(KeyGroupQueue a, KeyGroupQueue b) {
            if (a.head == null || b.head == null) {
                return Boolean.compare(a.head == null, b.head == null);
            }
            byte[] x = a.head.bytes;
            byte[] y = b.head.bytes;
            return Arrays.compareUnsigned(x, PREFIX, x.length, y, PREFIX, y.length);
        }
    }

    /**
     * The timers of one key group and domain: the earliest of them in {@link #cache}, which always
     * holds a prefix of what RocksDB holds for them ({@link #complete}: all of it). An empty cache
     * is complete: it is refilled as soon as it runs empty.
     */
    private final class KeyGroupQueue {
        final Domain domain;
        final TreeSet<Entry> cache = new TreeSet<>((a, b) -> Arrays.compareUnsigned(a.bytes, b.bytes));
        final byte[] start;
        final byte[] end;
        boolean complete;
        /** The first of {@link #cache} (null: empty), kept apart for the heap's comparisons. */
        Entry head;
        /** No stored timer of this queue is later than this one (null: none stored); deletions leave it. */
        byte[] last;
        int heapIndex;

        KeyGroupQueue(Domain domain, int keyGroup) {
            this.domain = domain;
            this.start = new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup, domain.code};
            this.end = new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup, (byte) (domain.code + 1)};
        }

        /** Whether a timer with these bytes falls in the cached prefix, where the cache knows all timers. */
        boolean covers(byte[] bytes) {
            return complete || Arrays.compareUnsigned(bytes, cache.last().bytes) <= 0;
        }

        /** At creation: the earliest timers and the latest one of what RocksDB holds (restored, or nothing). */
        void load() {
            fill(start, true);
            head = cache.isEmpty() ? null : cache.first();
        }

        /**
         * When the cache ran empty and RocksDB holds more: loads the earliest timers, seeking from
         * {@code from}, the timer just taken (every stored one of this queue is later).
         */
        void refillIfEmpty(byte[] from) {
            if (cache.isEmpty() && !complete) {
                fill(from, false);
            }
        }

        private void fill(byte[] from, boolean findLast) {
            try (Slice lower = new Slice(start);
                 Slice upper = new Slice(end);
                 ReadOptions options = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
                 RocksIterator it = backend.db.newIterator(columnFamily, options)) {
                int loaded = 0;
                for (it.seek(from); it.isValid() && loaded < cacheSize; it.next()) {
                    cache.add(new Entry(it.key(), null));
                    loaded++;
                }
                complete = !it.isValid();
                it.status(); // a read error ends the iteration as if at the end: fail instead
                if (findLast) {
                    it.seekToLast();
                    last = it.isValid() ? it.key() : null;
                    it.status();
                }
            } catch (RocksDBException e) {
                throw backend.failure("reading timers", e);
            }
        }
    }
}
