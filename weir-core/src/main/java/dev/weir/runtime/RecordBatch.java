package dev.weir.runtime;

/**
 * Records travelling together through a channel. Records are passed by reference; batching
 * amortises the cost of the cross-thread hand-over. A batch is not changed once it was sent.
 *
 * <p>Event timestamps ride in a parallel {@code long[]}, created only when the first record with a
 * timestamp is added: a job without event time pays nothing for them.
 */
public final class RecordBatch {
    final Object[] records;
    long[] timestamps; // null while no record of the batch has a timestamp
    int size;

    RecordBatch(int capacity) {
        this.records = new Object[capacity];
    }

    boolean add(Object record) {
        records[size++] = record;
        return size == records.length;
    }

    boolean add(Object record, long timestamp) {
        if (timestamp != RecordTimestamp.NO_TIMESTAMP || timestamps != null) {
            if (timestamps == null) {
                timestamps = new long[records.length];
                java.util.Arrays.fill(timestamps, 0, size, RecordTimestamp.NO_TIMESTAMP);
            }
            timestamps[size] = timestamp;
        }
        records[size++] = record;
        return size == records.length;
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
}
