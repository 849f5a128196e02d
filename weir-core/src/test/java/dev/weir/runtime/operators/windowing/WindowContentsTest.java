package dev.weir.runtime.operators.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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
        contents.open(backend, TimeWindow.Serializer.INSTANCE);
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
    void whileASnapshotMayShareARecordList_thenTheListIsCopiedBeforeItGrows() throws Exception {
        WindowContents<TimeWindow, String, List<String>, String> contents =
                WindowContents.buffering(serializers.forTypeInfo(TypeInformation.of(String.class), "test"));
        contents.open(backend, TimeWindow.Serializer.INSTANCE);
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
        contents.open(backend, TimeWindow.Serializer.INSTANCE);
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
