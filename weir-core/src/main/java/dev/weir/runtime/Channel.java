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
 *
 * <p>Batches flow back too: the consumer {@linkplain #recycle hands back} a batch it has processed
 * (it reads it no more), and the producer {@linkplain #takeRecycled takes one} instead of allocating,
 * so in steady state a channel allocates no batch arrays. That return ring is bounded; a batch that
 * finds it full is left to the garbage collector.
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
    private final RecordBatch[] returned; // batches handed back by the consumer, for the producer to fill again
    private final int returnedMask;
    private final AtomicLong returnedHead = new AtomicLong(); // written by the producer
    private final AtomicLong returnedTail = new AtomicLong(); // written by the consumer

    public Channel(String name, int capacity, TaskWakeup consumer) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1) << 1);
        this.ring = new Object[size];
        this.mask = size - 1;
        this.capacity = capacity;
        this.consumer = consumer;
        this.name = name;
        this.returned = new RecordBatch[size]; // the channel's batches, one being filled and one being read fit
        this.returnedMask = size - 1;
    }

    /**
     * Consumer: {@code batch}, taken from this channel, has been processed and is no longer read; the
     * producer may fill it again. Dropped when the return ring is full.
     */
    public void recycle(RecordBatch batch) {
        long t = returnedTail.get();
        if (t - returnedHead.get() < returned.length) {
            batch.clear();
            returned[(int) (t & returnedMask)] = batch;
            returnedTail.lazySet(t + 1); // release: the cleared batch is visible before the producer sees it
        }
    }

    /** Producer: an empty batch the consumer handed back, or {@code null} when there is none. */
    RecordBatch takeRecycled() {
        long h = returnedHead.get();
        if (h == returnedTail.get()) {
            return null;
        }
        int slot = (int) (h & returnedMask);
        RecordBatch batch = returned[slot];
        returned[slot] = null;
        returnedHead.lazySet(h + 1);
        return batch;
    }

    /** Producer: adds an element, waiting while the channel is full unless {@code cancelled}. */
    public void put(Object element, TaskWakeup producer, BooleanSupplier cancelled) {
        long t = tail.get();
        while (t - head.get() >= capacity) {
            if (cancelled.getAsBoolean()) {
                throw new TaskCancelledException();
            }
            blockedProducer = producer;
            producer.awaitOutputSpace(Long.MAX_VALUE, () -> t - head.get() < capacity || cancelled.getAsBoolean());
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
