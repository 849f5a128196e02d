package dev.weir.api.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.windowing.assigners.DynamicEventTimeSessionWindows;
import dev.weir.api.windowing.assigners.EventTimeSessionWindows;
import dev.weir.api.windowing.assigners.GlobalWindows;
import dev.weir.api.windowing.assigners.ProcessingTimeSessionWindows;
import dev.weir.api.windowing.assigners.SlidingEventTimeWindows;
import dev.weir.api.windowing.assigners.SlidingProcessingTimeWindows;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.api.windowing.assigners.TumblingProcessingTimeWindows;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.triggers.EventTimeTrigger;
import dev.weir.api.windowing.triggers.ProcessingTimeTrigger;
import dev.weir.api.windowing.windows.GlobalWindow;
import dev.weir.api.windowing.windows.TimeWindow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WindowAssignersTest {
    private static final WindowAssigner.WindowAssignerContext CLOCK_AT_12345 = new WindowAssigner.WindowAssignerContext() {
        @Override
        public long getCurrentProcessingTime() {
            return 12_345;
        }
    };

    @Test
    void tumblingWindowsStartAtMultiplesOfTheSizeAlsoForNegativeTimestamps() {
        TumblingEventTimeWindows assigner = TumblingEventTimeWindows.of(Duration.ofSeconds(1));
        assertEquals(List.of(new TimeWindow(0, 1000)), List.copyOf(assigner.assignWindows("x", 0, CLOCK_AT_12345)));
        assertEquals(List.of(new TimeWindow(1000, 2000)), List.copyOf(assigner.assignWindows("x", 1999, CLOCK_AT_12345)));
        assertEquals(List.of(new TimeWindow(-1000, 0)), List.copyOf(assigner.assignWindows("x", -1, CLOCK_AT_12345)));
        assertTrue(assigner.isEventTime());
        assertEquals(EventTimeTrigger.create(), assigner.getDefaultTrigger());
    }

    @Test
    void anOffsetShiftsTheWindows() {
        TumblingEventTimeWindows assigner = TumblingEventTimeWindows.of(Duration.ofHours(1), Duration.ofMinutes(15));
        long t = Duration.ofMinutes(10).toMillis();
        assertEquals(List.of(new TimeWindow(-Duration.ofMinutes(45).toMillis(), Duration.ofMinutes(15).toMillis())),
                List.copyOf(assigner.assignWindows("x", t, CLOCK_AT_12345)));
        assertEquals(-1_000 + 300, TimeWindow.getWindowStartWithOffset(-1, 300, 1_000));
        assertEquals(300, TimeWindow.getWindowStartWithOffset(300, 300, 1_000));
    }

    @Test
    void slidingWindowsGiveEveryWindowThatHoldsTheTimestampNewestFirst() {
        SlidingEventTimeWindows assigner = SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(4));
        List<TimeWindow> windows = new ArrayList<>(assigner.assignWindows("x", 9_000, CLOCK_AT_12345));
        assertEquals(List.of(new TimeWindow(8_000, 18_000), new TimeWindow(4_000, 14_000), new TimeWindow(0, 10_000)),
                windows);
        for (long t = -20_000; t < 20_000; t += 777) {
            for (TimeWindow w : assigner.assignWindows("x", t, CLOCK_AT_12345)) {
                assertTrue(w.getStart() <= t && t < w.getEnd(), w + " should hold " + t);
            }
        }
    }

    @Test
    void processingTimeAssignersReadTheClockAndIgnoreTheTimestamp() {
        assertEquals(List.of(new TimeWindow(12_000, 13_000)), List.copyOf(TumblingProcessingTimeWindows
                .of(Duration.ofSeconds(1)).assignWindows("x", Long.MIN_VALUE, CLOCK_AT_12345)));
        assertEquals(2, SlidingProcessingTimeWindows.of(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .assignWindows("x", Long.MIN_VALUE, CLOCK_AT_12345).size());
        ProcessingTimeSessionWindows sessions = ProcessingTimeSessionWindows.withGap(Duration.ofMillis(100));
        assertEquals(List.of(new TimeWindow(12_345, 12_445)), List.copyOf(sessions.assignWindows("x", 0, CLOCK_AT_12345)));
        assertFalse(sessions.isEventTime());
        assertEquals(ProcessingTimeTrigger.create(), sessions.getDefaultTrigger());
    }

    @Test
    void sessionWindowsStartAtTheRecordAndLastTheGap() {
        EventTimeSessionWindows sessions = EventTimeSessionWindows.withGap(Duration.ofMillis(500));
        assertEquals(List.of(new TimeWindow(100, 600)), List.copyOf(sessions.assignWindows("x", 100, CLOCK_AT_12345)));
        DynamicEventTimeSessionWindows<String> dynamic = EventTimeSessionWindows.withDynamicGap(String::length);
        assertEquals(List.of(new TimeWindow(100, 103)), List.copyOf(dynamic.assignWindows("abc", 100, CLOCK_AT_12345)));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> dynamic.assignWindows("", 100, CLOCK_AT_12345));
        assertTrue(error.getMessage().contains("at least 1 ms"), error.getMessage());
    }

    @Test
    void eventTimeAssignersRefuseRecordsWithoutTimestampsSayingWhatToDo() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> TumblingEventTimeWindows
                .of(Duration.ofSeconds(1)).assignWindows("x", Long.MIN_VALUE, CLOCK_AT_12345));
        assertTrue(error.getMessage().contains("assignTimestampsAndWatermarks"), error.getMessage());
    }

    @Test
    void wrongSizesAreRefusedWithTheirNames() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TumblingEventTimeWindows.of(Duration.ZERO))
                .getMessage().contains("window size"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TumblingEventTimeWindows.of(Duration.ofSeconds(1), Duration.ofSeconds(1))).getMessage()
                .contains("offset"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SlidingEventTimeWindows.of(Duration.ofSeconds(1), Duration.ZERO)).getMessage().contains("slide"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EventTimeSessionWindows.withGap(Duration.ofMillis(-1))).getMessage().contains("session gap"));
    }

    @Test
    void globalWindowsPutEveryRecordIntoTheOneWindowThatNeverEnds() {
        GlobalWindows assigner = GlobalWindows.create();
        assertEquals(List.of(GlobalWindow.get()), List.copyOf(assigner.assignWindows("x", 5, CLOCK_AT_12345)));
        assertEquals(Long.MAX_VALUE, GlobalWindow.get().maxTimestamp());
        assertTrue(assigner.getDefaultTrigger() instanceof GlobalWindows.NeverTrigger);
    }

    @Test
    void timeWindowsIntersectWhenTheyOverlapOrTouchAndMergeTransitively() {
        assertTrue(new TimeWindow(0, 10).intersects(new TimeWindow(10, 20)));
        assertFalse(new TimeWindow(0, 10).intersects(new TimeWindow(11, 20)));
        assertEquals(new TimeWindow(0, 30), new TimeWindow(20, 30).cover(new TimeWindow(0, 5)));
        Map<TimeWindow, List<TimeWindow>> merges = new TreeMap<>((a, b) -> Long.compare(a.getStart(), b.getStart()));
        TimeWindow.mergeWindows(List.of(new TimeWindow(25, 30), new TimeWindow(0, 10), new TimeWindow(50, 60),
                new TimeWindow(5, 20), new TimeWindow(20, 24)), (toMerge, result) -> merges.put(result, List.copyOf(toMerge)));
        assertEquals(Map.of(new TimeWindow(0, 24), List.of(new TimeWindow(0, 10), new TimeWindow(5, 20),
                new TimeWindow(20, 24))), merges);
        assertEquals(9, new TimeWindow(0, 10).maxTimestamp());
    }

    @Test
    void timeWindowsSerializeAsTheirBounds() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TimeWindow.Serializer.INSTANCE.serialize(new TimeWindow(-5, 7), new DataOutputStream(bytes));
        assertEquals(16, bytes.size());
        assertEquals(new TimeWindow(-5, 7), TimeWindow.Serializer.INSTANCE.deserialize(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }
}
