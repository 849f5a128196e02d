package dev.weir.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelTest {

    private static final long WAIT_MILLIS = 5_000;

    private static Channel channel(int capacity) {
        return new Channel("test", capacity, new TaskWakeup());
    }

    /** A producer thread putting {@code count} elements 0..count-1; counts completed puts. */
    private static final class Producer extends Thread {
        final Channel channel;
        final int count;
        final AtomicInteger done = new AtomicInteger();
        final AtomicBoolean cancelled = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final TaskWakeup wakeup = new TaskWakeup();

        Producer(Channel channel, int count) {
            super("test-producer");
            this.channel = channel;
            this.count = count;
            setDaemon(true);
        }

        @Override
        public void run() {
            wakeup.bindToCurrentThread();
            try {
                for (int i = 0; i < count; i++) {
                    channel.put(i, wakeup, cancelled::get);
                    done.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }

    private static void awaitValue(AtomicInteger value, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (value.get() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(expected, value.get());
    }

    @Test
    void elementsComeOutInTheOrderTheyWentIn() {
        Channel channel = channel(8);
        assertTrue(channel.isEmpty());
        assertNull(channel.poll());
        for (int i = 0; i < 5; i++) {
            channel.put("e" + i, new TaskWakeup(), () -> false);
        }
        assertEquals(5, channel.queued());
        assertFalse(channel.isEmpty());
        for (int i = 0; i < 5; i++) {
            assertEquals("e" + i, channel.poll());
        }
        assertNull(channel.poll());
        assertTrue(channel.isEmpty());
    }

    @Test
    void orderIsKeptAcrossManyWrapsOfTheRing() {
        Channel channel = channel(4);
        List<Integer> out = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 1_000; round++) {
            int n = 1 + round % channel.capacity();
            for (int i = 0; i < n; i++) {
                channel.put(next++, new TaskWakeup(), () -> false);
            }
            Object e;
            while ((e = channel.poll()) != null) {
                out.add((Integer) e);
            }
        }
        assertEquals(next, out.size());
        for (int i = 0; i < out.size(); i++) {
            assertEquals(i, out.get(i));
        }
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 2, 3, 4, 8})
    void aFullChannelBlocksTheProducerUntilTheConsumerPolls(int capacity) throws Exception {
        Channel channel = channel(capacity);
        assertEquals(capacity, channel.capacity());
        Producer producer = new Producer(channel, capacity + 2);
        producer.start();

        awaitValue(producer.done, capacity);
        Thread.sleep(100);
        assertEquals(capacity, producer.done.get(), "the put beyond the capacity must block");
        assertTrue(producer.isAlive());
        assertEquals(capacity, channel.queued());

        assertEquals(0, channel.poll());
        awaitValue(producer.done, capacity + 1);
        Thread.sleep(50);
        assertEquals(capacity + 1, producer.done.get(), "one poll makes room for exactly one element");

        List<Object> rest = new ArrayList<>();
        while (rest.size() < capacity + 1) {
            Object e = channel.poll();
            if (e != null) {
                rest.add(e);
            }
        }
        producer.join(WAIT_MILLIS);
        assertFalse(producer.isAlive());
        assertNull(producer.failure.get());
        for (int i = 0; i < rest.size(); i++) {
            assertEquals(i + 1, rest.get(i));
        }
    }

    @Test
    void aProducerBlockedOnAFullChannelStopsWhenCancelled() throws Exception {
        Channel channel = channel(2);
        Producer producer = new Producer(channel, 100);
        producer.start();
        awaitValue(producer.done, 2);
        producer.cancelled.set(true);
        producer.join(WAIT_MILLIS);
        assertFalse(producer.isAlive(), "a cancelled producer must not stay blocked");
        assertInstanceOf(TaskCancelledException.class, producer.failure.get());
        assertEquals(2, producer.done.get());
    }

    @Test
    void aConcurrentProducerAndConsumerPassEveryElementInOrder() throws Exception {
        Channel channel = channel(4);
        int count = 200_000;
        Producer producer = new Producer(channel, count);
        producer.start();
        int expected = 0;
        long deadline = System.currentTimeMillis() + 15_000;
        while (expected < count && System.currentTimeMillis() < deadline) {
            Object e = channel.poll();
            if (e == null) {
                Thread.onSpinWait();
                continue;
            }
            assertEquals(expected, e);
            expected++;
        }
        assertEquals(count, expected);
        producer.join(WAIT_MILLIS);
        assertNull(producer.failure.get());
    }

    @Test
    void aPutWakesTheParkedConsumerAtOnce() throws Exception {
        TaskWakeup consumer = new TaskWakeup();
        Channel channel = new Channel("test", 4, consumer);
        AtomicReference<Object> received = new AtomicReference<>();
        AtomicInteger awaits = new AtomicInteger();
        Thread thread = new Thread(() -> {
            consumer.bindToCurrentThread();
            Object e;
            while ((e = channel.poll()) == null) {
                awaits.incrementAndGet();
                consumer.await(Long.MAX_VALUE, () -> !channel.isEmpty());
            }
            received.set(e);
        });
        thread.setDaemon(true);
        thread.start();
        Thread.sleep(20);
        channel.put("hello", new TaskWakeup(), () -> false);
        thread.join(WAIT_MILLIS);
        assertEquals("hello", received.get());
    }
}
