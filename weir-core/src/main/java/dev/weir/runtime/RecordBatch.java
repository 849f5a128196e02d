package dev.weir.runtime;

/**
 * Records travelling together through a channel. Records are passed by reference; batching
 * amortises the cost of the cross-thread hand-over. A batch is not changed once it was sent.
 */
public final class RecordBatch {
    final Object[] records;
    int size;

    RecordBatch(int capacity) {
        this.records = new Object[capacity];
    }

    boolean add(Object record) {
        records[size++] = record;
        return size == records.length;
    }

    public int size() {
        return size;
    }

    public Object get(int index) {
        return records[index];
    }
}
