package dev.weir.runtime;

import dev.weir.api.functions.KeySelector;
import java.util.Arrays;

/**
 * Records travelling together through a channel. Records are passed by reference; batching
 * amortises the cost of the cross-thread hand-over. A batch is not changed once it was sent, until
 * its consumer has processed it and {@linkplain Channel#recycle hands it back} to the producer,
 * which fills it again.
 *
 * <p>Event timestamps ride in a parallel {@code long[]}, created only when the first record with a
 * timestamp is added: a job without event time pays nothing for them. On a hash-partitioned edge the
 * key of each record and its key group, which the partitioner computed, ride in two more parallel
 * arrays ({@link #keyedBy} names the key selector that made them), so that a keyed operator at the
 * head of the consuming chain neither runs its key selector nor hashes the key again.
 */
public final class RecordBatch {
    final Object[] records;
    long[] timestamps; // null while no record of the batch has a timestamp
    final Object[] keys; // null unless the batch travels a hash-partitioned edge
    final int[] keyGroups; // as keys
    final KeySelector<?, ?> keyedBy; // the selector that made the keys; null without keys
    int size;

    RecordBatch(int capacity) {
        this(capacity, null);
    }

    /** A batch that carries each record's key by {@code keyedBy} (null: no keys) and key group. */
    RecordBatch(int capacity, KeySelector<?, ?> keyedBy) {
        this.records = new Object[capacity];
        this.keyedBy = keyedBy;
        this.keys = keyedBy == null ? null : new Object[capacity];
        this.keyGroups = keyedBy == null ? null : new int[capacity];
    }

    boolean add(Object record) {
        records[size++] = record;
        return size == records.length;
    }

    boolean add(Object record, long timestamp) {
        if (timestamp != RecordTimestamp.NO_TIMESTAMP || timestamps != null) {
            if (timestamps == null) {
                timestamps = new long[records.length];
                Arrays.fill(timestamps, 0, size, RecordTimestamp.NO_TIMESTAMP);
            }
            timestamps[size] = timestamp;
        }
        records[size++] = record;
        return size == records.length;
    }

    /** Adds a record with its key and key group; only on a batch made with a key selector. */
    boolean add(Object record, long timestamp, Object key, int keyGroup) {
        keys[size] = key;
        keyGroups[size] = keyGroup;
        return add(record, timestamp);
    }

    /**
     * Empties the batch for reuse by its producer, dropping its references (so that recycled arrays keep
     * no record alive). A kept timestamp array is overwritten record by record when the batch fills again.
     */
    void clear() {
        Arrays.fill(records, 0, size, null);
        if (keys != null) {
            Arrays.fill(keys, 0, size, null);
        }
        size = 0;
    }

    public int size() {
        return size;
    }

    public Object get(int index) {
        return records[index];
    }

    /** The event timestamp of record {@code index}, or {@link RecordTimestamp#NO_TIMESTAMP}. */
    public long timestamp(int index) {
        return timestamps == null ? RecordTimestamp.NO_TIMESTAMP : timestamps[index];
    }

    /** The key of record {@code index}, as the partitioner computed it; null when the batch carries no keys. */
    public Object key(int index) {
        return keys == null ? null : keys[index];
    }

    /** The key group of record {@code index}; only when {@link #key} is not null. */
    public int keyGroup(int index) {
        return keyGroups[index];
    }
}
