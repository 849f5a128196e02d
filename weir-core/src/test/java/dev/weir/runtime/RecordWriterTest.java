package dev.weir.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.dag.Partitioning;
import dev.weir.state.KeyGroups;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batching and partitioning on the producing side of an edge. */
class RecordWriterTest {

    private static Channel[] channels(int n) {
        Channel[] channels = new Channel[n];
        for (int i = 0; i < n; i++) {
            channels[i] = new Channel("c" + i, 64, new TaskWakeup());
        }
        return channels;
    }

    private static RecordWriter writer(Channel[] channels, Partitioning partitioning, int batchSize) {
        return new RecordWriter(channels, ChannelSelector.of(partitioning, channels.length, 128, "'Next'"),
                batchSize, new TaskWakeup(), () -> false, new OutputFlusher());
    }

    /** Batch sizes and records, in channel order. */
    private static List<List<Object>> drain(Channel channel) {
        List<List<Object>> batches = new ArrayList<>();
        Object e;
        while ((e = channel.poll()) != null) {
            if (e instanceof RecordBatch batch) {
                List<Object> records = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    records.add(batch.get(i));
                }
                batches.add(records);
            } else {
                batches.add(List.of(e));
            }
        }
        return batches;
    }

    @Test
    void recordsTravelInFullBatchesAndFlushSendsThePartialOne() {
        Channel[] c = channels(1);
        RecordWriter writer = writer(c, new Partitioning.Forward(), 3);
        for (int i = 1; i <= 7; i++) {
            writer.collect(i);
        }
        assertEquals(2, c[0].queued(), "two full batches sent, one partial kept");
        writer.flush();
        writer.flush(); // nothing left: no empty batch
        assertEquals(List.of(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7)), drain(c[0]));
    }

    @Test
    void afterATickTheNextRecordHandsOverThePartialBatchesOfEveryTimedWriter() {
        Channel[] c = channels(2);
        Channel[] untimedChannel = channels(1);
        OutputFlusher flusher = new OutputFlusher();
        RecordWriter timed = new RecordWriter(c, ChannelSelector.of(new Partitioning.Rebalance(), 2, 128, "'Next'"),
                100, new TaskWakeup(), () -> false, flusher);
        RecordWriter other = new RecordWriter(untimedChannel, ChannelSelector.of(new Partitioning.Forward(), 1, 128,
                "'Other'"), 100, new TaskWakeup(), () -> false, flusher);
        flusher.add(timed, 50); // `other` has buffer timeout -1: not flushed by ticks
        timed.collect("a");
        timed.collect("b");
        other.collect("x");
        assertEquals(0, c[0].queued() + c[1].queued() + untimedChannel[0].queued(), "no tick yet: all buffered");

        flusher.requestFlush(); // the timer thread's tick
        other.collect("y"); // any emit of the task checks; a task without emits checks per input record

        assertEquals(List.of(List.of("a")), drain(c[0]));
        assertEquals(List.of(List.of("b")), drain(c[1]));
        assertEquals(0, untimedChannel[0].queued(), "a writer with timeout -1 keeps its partial batch");
        timed.collect("c");
        assertEquals(0, c[0].queued() + c[1].queued(), "one flush per tick");
    }

    @Test
    void anEventFollowsTheRecordsWrittenBeforeItOnEveryChannel() {
        Channel[] c = channels(2);
        RecordWriter writer = writer(c, new Partitioning.Rebalance(), 10);
        writer.collect("a");
        writer.collect("b");
        writer.collect("c");
        writer.broadcastEvent(ControlEvent.EndOfInput.INSTANCE);
        assertEquals(List.of(List.of("a", "c"), List.of(ControlEvent.EndOfInput.INSTANCE)), drain(c[0]));
        assertEquals(List.of(List.of("b"), List.of(ControlEvent.EndOfInput.INSTANCE)), drain(c[1]));
    }

    @Test
    void broadcastPutsEveryRecordIntoEveryChannel() {
        Channel[] c = channels(3);
        RecordWriter writer = writer(c, new Partitioning.Broadcast(), 100);
        writer.collect(1);
        writer.collect(2);
        writer.flush();
        for (Channel channel : c) {
            assertEquals(List.of(List.of(1, 2)), drain(channel));
        }
    }

    @Test
    void hashPartitioningSendsEachKeyToTheChannelOfItsKeyGroupOwner() {
        Channel[] c = channels(3);
        RecordWriter writer = writer(c, new Partitioning.Hash((String s) -> s.substring(0, 1)), 1_000);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            records.add((char) ('a' + i % 26) + "-" + i);
        }
        records.forEach(writer::collect);
        writer.flush();
        for (int ch = 0; ch < 3; ch++) {
            for (List<Object> batch : drain(c[ch])) {
                for (Object r : batch) {
                    String key = ((String) r).substring(0, 1);
                    assertEquals(KeyGroups.subtaskForKey(key, 128, 3), ch, r + " in the wrong channel");
                }
            }
        }
    }

    @Test
    void aKeySelectorReturningNullFailsNamingTheNextOperatorAndTheRecord() {
        ChannelSelector selector = ChannelSelector.of(new Partitioning.Hash((String s) -> null), 2, 128, "'Next'");
        OperatorFailure failure = assertThrows(OperatorFailure.class, () -> selector.select("bad record"));
        assertTrue(failure.getMessage().contains("'Next'"), failure.getMessage());
        assertTrue(failure.getMessage().contains("'bad record'"), failure.getMessage());
        assertNull(failure.getCause());
    }

    @Test
    void aThrowingKeySelectorFailsWithItsExceptionAsTheCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        ChannelSelector selector = ChannelSelector.of(new Partitioning.Hash((String s) -> {
            throw boom;
        }), 2, 128, "'Next'");
        OperatorFailure failure = assertThrows(OperatorFailure.class, () -> selector.select("r"));
        assertSame(boom, failure.getCause());
        assertTrue(failure.getMessage().contains("'Next'") && failure.getMessage().contains("'r'"),
                failure.getMessage());
    }

    @Test
    void onAHashPartitionedEdgeEachRecordTravelsWithItsKeyAndKeyGroup() {
        Channel[] c = channels(2);
        dev.weir.api.functions.KeySelector<Integer, Integer> byTens = r -> r / 10;
        RecordWriter writer = writer(c, new Partitioning.Hash(byTens), 4);
        for (int r = 0; r < 100; r++) {
            writer.collect(r);
        }
        writer.flush();
        int seen = 0;
        for (int ch = 0; ch < 2; ch++) {
            Object e;
            while ((e = c[ch].poll()) != null) {
                RecordBatch batch = (RecordBatch) e;
                assertSame(byTens, batch.keyedBy);
                for (int i = 0; i < batch.size(); i++) {
                    int record = (Integer) batch.get(i);
                    assertEquals(record / 10, batch.key(i));
                    assertEquals(KeyGroups.keyGroupFor(record / 10, 128), batch.keyGroup(i));
                    seen++;
                }
            }
        }
        assertEquals(100, seen);
    }

    @Test
    void onOtherEdgesBatchesCarryNoKeys() {
        Channel[] c = channels(1);
        RecordWriter writer = writer(c, new Partitioning.Forward(), 4);
        writer.collect("a");
        writer.flush();
        RecordBatch batch = (RecordBatch) c[0].poll();
        assertNull(batch.key(0));
        assertNull(batch.keys);
    }

    @Test
    void aBatchTheConsumerHandsBackIsFilledAgainEmptiedOfItsOldRecords() {
        Channel[] c = channels(1);
        RecordWriter writer = writer(c, new Partitioning.Hash((String s) -> s), 2);
        writer.collect("a");
        writer.collect("b"); // full: sent; the writer starts a new batch
        RecordBatch first = (RecordBatch) c[0].poll();
        assertEquals(2, first.size());
        c[0].recycle(first);
        assertEquals(0, first.size());
        assertNull(first.records[0], "a recycled batch keeps no record alive");
        assertNull(first.keys[1], "nor a key");
        writer.collect("c");
        writer.collect("d"); // full again: sent; the writer now fills the recycled batch
        writer.collect("e");
        writer.flush();
        RecordBatch second = (RecordBatch) c[0].poll();
        assertEquals(List.of("c", "d"), List.of(second.get(0), second.get(1)));
        RecordBatch third = (RecordBatch) c[0].poll();
        assertSame(first, third, "the batch handed back is reused");
        assertEquals(1, third.size());
        assertEquals("e", third.get(0));
        assertEquals("e", third.key(0));
    }

    @Test
    void theWriterCountsEachRecordOnceWhateverTheChannels() {
        Channel[] c = channels(3);
        RecordWriter writer = writer(c, new Partitioning.Broadcast(), 10);
        writer.collect("a");
        writer.collect("b");
        assertEquals(2, writer.recordsWritten());
    }

    @Test
    void longRecordsAreShortenedInMessages() {
        String shown = OperatorFailure.show("x".repeat(1_000));
        assertTrue(shown.length() < 300, shown);
        assertTrue(shown.contains("1000 chars"), shown);
        assertEquals("'null'", OperatorFailure.show(null));
    }
}
