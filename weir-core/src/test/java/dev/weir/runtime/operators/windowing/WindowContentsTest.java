package dev.weir.runtime.operators.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.state.HeapKeyedStateBackend;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.serialization.Serializers;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowContentsTest {
    /** A mutable accumulator, changed in place by {@link Counting}. */
    public static class Count {
        public long n;
    }

    static final class Counting implements AggregateFunction<String, Count, Long> {
        @Override
        public Count createAccumulator() {
            return new Count();
        }

        @Override
        public Count add(String value, Count acc) {
            acc.n++;
            return acc;
        }

        @Override
        public Long getResult(Count acc) {
            return acc.n;
        }

        @Override
        public Count merge(Count a, Count b) {
            a.n += b.n;
            return a;
        }
    }

    private final HeapKeyedStateBackend backend = new HeapKeyedStateBackend(KeyGroupRange.forSubtask(128, 1, 0), 128);
    private final Serializers serializers = Serializers.builtInOnly();
    private final TimeWindow window = new TimeWindow(0, 10);

    @Test
    void whileASnapshotMayShareAnAccumulator_thenItIsCopiedBeforeItChangesInPlace() throws Exception {
        WindowContents<TimeWindow, String, Count, Long> contents = WindowContents.aggregating(new Counting(),
                serializers.forTypeInfo(TypeInformation.of(Count.class), "test"));
        contents.open(backend, TimeWindow.Serializer.INSTANCE, false);
        backend.setCurrentKey("k");
        assertTrue(contents.add(window, "a", 1), "the first record of a window");
        Count beforeSnapshot = contents.get(window);
        assertFalse(contents.add(window, "b", 2));
        assertSame(beforeSnapshot, contents.get(window), "no snapshot: changed in place");

        backend.snapshot(1); // shares the accumulator with the snapshot until it is released
        contents.add(window, "c", 3);
        Count copied = contents.get(window);
        assertNotSame(beforeSnapshot, copied);
        assertEquals(2, beforeSnapshot.n, "what a snapshot in flight holds stays as it was");
        assertEquals(3, copied.n);
        contents.add(window, "d", 4);
        assertSame(copied, contents.get(window), "copied once per snapshot, then changed in place");
        assertEquals(List.of(4L), contents.contents(contents.get(window)));
        backend.release();
        contents.add(window, "e", 5);
        assertSame(copied, contents.get(window));
    }

    @Test
    void whenAKeysWindowsAreOneEntry_thenASnapshotSharingItKeepsItsImageWhileTheWindowsChange() throws Exception {
        WindowContents<TimeWindow, String, Count, Long> contents = WindowContents.aggregating(new Counting(),
                serializers.forTypeInfo(TypeInformation.of(Count.class), "test"));
        contents.open(backend, TimeWindow.Serializer.INSTANCE, true);
        TimeWindow other = new TimeWindow(5, 15);
        backend.setCurrentKey("k");
        contents.forgetKey();
        assertTrue(contents.add(window, "a", 6));
        assertTrue(contents.add(other, "a", 6), "the first record of the key's second window");
        assertFalse(contents.add(other, "b", 7));
        Count beforeSnapshot = contents.get(window);
        Count otherBeforeSnapshot = contents.get(other);
        assertEquals(1, backend.countKeys(WindowsByKey.STATE_NAME), "one entry for the key's two windows");

        backend.snapshot(1);
        contents.forgetKey(); // as the operator does before each record
        contents.add(window, "c", 8);
        contents.add(other, "c", 8);
        assertEquals(1, beforeSnapshot.n, "what the snapshot holds stays as it was");
        assertEquals(2, otherBeforeSnapshot.n);
        assertEquals(List.of(2L), contents.contents(contents.get(window)));
        assertEquals(List.of(3L), contents.contents(contents.get(other)));

        backend.setCurrentKey("j");
        contents.forgetKey();
        assertNull(contents.get(window), "another key has windows of its own");
        backend.setCurrentKey("k");
        contents.forgetKey();
        contents.clear(window);
        contents.clear(other);
        assertEquals(0, backend.countKeys(WindowsByKey.STATE_NAME), "a key without windows has no entry");
    }

    @Test
    void whileASnapshotMayShareARecordList_thenTheListIsCopiedBeforeItGrows() throws Exception {
        WindowContents<TimeWindow, String, List<String>, String> contents =
                WindowContents.buffering(serializers.forTypeInfo(TypeInformation.of(String.class), "test"));
        contents.open(backend, TimeWindow.Serializer.INSTANCE, false);
        backend.setCurrentKey("k");
        contents.add(window, "a", 1);
        List<String> shared = contents.get(window);
        backend.snapshot(1);
        contents.add(window, "b", 2);
        assertEquals(List.of("a"), shared);
        assertEquals(List.of("a", "b"), contents.get(window));
    }

    @Test
    void mergingMovesTheContentsOfTheSourcesIntoTheTarget() throws Exception {
        WindowContents<TimeWindow, String, Count, Long> contents = WindowContents.aggregating(new Counting(),
                serializers.forTypeInfo(TypeInformation.of(Count.class), "test"));
        contents.open(backend, TimeWindow.Serializer.INSTANCE, false);
        backend.setCurrentKey("k");
        TimeWindow other = new TimeWindow(5, 15);
        contents.add(window, "a", 1);
        contents.add(other, "b", 6);
        contents.add(other, "c", 7);
        contents.merge(window, List.of(other));
        assertEquals(3, contents.get(window).n);
        assertEquals(null, contents.get(other));
    }
}
