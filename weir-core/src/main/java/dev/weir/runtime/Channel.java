package dev.weir.runtime;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A bounded single-producer single-consumer queue between two subtasks, carrying
 * {@link RecordBatch}es and {@link ControlEvent}s in order.
 *
 * <p>A full channel blocks the producer (backpressure). The producer wakes the consumer after
 * adding an element; the consumer wakes the producer after taking one from a channel it had
 * seen full. Head and tail are the only shared fields, each written by one side.
 */
public final class Channel {
    private final Object[] ring;
    private final int mask;
    private final int capacity; // elements held before put blocks; the ring may be larger (power of two)
    private final AtomicLong head = new AtomicLong(); // next slot to read; written by the consumer
    private final AtomicLong tail = new AtomicLong(); // next slot to write; written by the producer
    private final TaskWakeup consumer;
    private volatile TaskWakeup blockedProducer;
    private final String name;

    public Channel(String name, int capacity, TaskWakeup consumer) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1) << 1);
        this.ring = new Object[size];
        this.mask = size - 1;
        this.capacity = capacity;
        this.consumer = consumer;
        this.name = name;
    }

    /** Producer: adds an element, waiting while the channel is full unless {@code cancelled}. */
    public void put(Object element, TaskWakeup producer, BooleanSupplier cancelled) {
        long t = tail.get();
        while (t - head.get() >= capacity) {
            if (cancelled.getAsBoolean()) {
                throw new TaskCancelledException();
            }
            blockedProducer = producer;
            producer.await(Long.MAX_VALUE, () -> t - head.get() < capacity || cancelled.getAsBoolean());
            blockedProducer = null;
        }
        ring[(int) (t & mask)] = element;
        tail.set(t + 1); // volatile: must be visible before we read the consumer's parked flag
        consumer.wakeUp();
    }

    /** Consumer: the next element, or {@code null} when the channel is empty. */
    public Object poll() {
        long h = head.get();
        if (h == tail.get()) {
            return null;
        }
        int slot = (int) (h & mask);
        Object element = ring[slot];
        ring[slot] = null;
        head.set(h + 1);
        TaskWakeup producer = blockedProducer;
        if (producer != null) {
            producer.wakeUp();
        }
        return element;
    }

    /** Whether a {@link #put} would not block now. */
    public boolean hasSpace() {
        return tail.get() - head.get() < capacity;
    }

    /** Registers {@code producer} to be woken when an element is taken (it waits for space). */
    public void wakeOnSpace(TaskWakeup producer) {
        blockedProducer = producer;
    }

    public boolean isEmpty() {
        return head.get() == tail.get();
    }

    /** Elements waiting (for tests and metrics). */
    public int queued() {
        return (int) (tail.get() - head.get());
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public String toString() {
        return name;
    }
}
