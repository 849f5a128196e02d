package dev.weir.runtime.operators.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.windowing.assigners.EventTimeSessionWindows;
import dev.weir.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MergingWindowSetTest {
    private final EventTimeSessionWindows sessions = EventTimeSessionWindows.withGap(Duration.ofMillis(10));

    /** What the merge function was told, one line per merge. */
    private final List<String> merges = new ArrayList<>();
    private final MergingWindowSet.MergeFunction<TimeWindow> record = (result, merged, stateResult, mergedState) ->
            merges.add(show(result) + " <- " + show(new HashSet<>(merged)) + " state " + show(stateResult) + " <- "
                    + show(new HashSet<>(mergedState)));

    private static String show(Object o) {
        return String.valueOf(o).replace("TimeWindow{start=", "[").replace(", end=", ",").replace("}", ")");
    }

    private static TimeWindow w(long start, long end) {
        return new TimeWindow(start, end);
    }

    @Test
    void windowsThatDoNotOverlapStayApartEachItsOwnStateWindow() throws Exception {
        MergingWindowSet<TimeWindow> set = new MergingWindowSet<>(sessions, Map.of());
        assertEquals(w(0, 10), set.addWindow(w(0, 10), record));
        assertEquals(w(20, 30), set.addWindow(w(20, 30), record));
        assertEquals(List.of(), merges);
        assertEquals(w(0, 10), set.getStateWindow(w(0, 10)));
        assertEquals(Map.of(w(0, 10), w(0, 10), w(20, 30), w(20, 30)), set.toMap());
        assertTrue(set.isChanged());
    }

    @Test
    void aWindowThatExtendsAnotherTakesOverItsStateWindowWithoutMovingState() throws Exception {
        MergingWindowSet<TimeWindow> set = new MergingWindowSet<>(sessions, Map.of());
        set.addWindow(w(0, 10), record);
        assertEquals(w(0, 15), set.addWindow(w(5, 15), record));
        assertEquals(List.of("[0,15) <- [[0,10)] state [0,10) <- []"), merges);
        assertEquals(w(0, 10), set.getStateWindow(w(0, 15)));
        assertNull(set.getStateWindow(w(0, 10)));
    }

    @Test
    void aWindowThatBridgesTwoMergesThemAndTheirStates() throws Exception {
        MergingWindowSet<TimeWindow> set = new MergingWindowSet<>(sessions, Map.of());
        set.addWindow(w(0, 10), record);
        set.addWindow(w(20, 30), record);
        TimeWindow result = set.addWindow(w(10, 20), record);
        assertEquals(w(0, 30), result);
        assertEquals(1, merges.size());
        assertTrue(merges.get(0).startsWith("[0,30) <- "), merges.get(0));
        TimeWindow stateWindow = set.getStateWindow(w(0, 30));
        Set<TimeWindow> both = Set.of(w(0, 10), w(20, 30));
        assertTrue(both.contains(stateWindow));
        TimeWindow other = stateWindow.equals(w(0, 10)) ? w(20, 30) : w(0, 10);
        assertTrue(merges.get(0).endsWith("state " + show(stateWindow) + " <- [" + show(other) + "]"), merges.get(0));
        assertEquals(Map.of(w(0, 30), stateWindow), set.toMap());
    }

    @Test
    void aWindowInsideALiveOneFallsIntoItWithoutAMerge() throws Exception {
        MergingWindowSet<TimeWindow> set = new MergingWindowSet<>(sessions, Map.of());
        set.addWindow(w(0, 20), record);
        MergingWindowSet<TimeWindow> reloaded = new MergingWindowSet<>(sessions, set.toMap());
        assertEquals(w(0, 20), reloaded.addWindow(w(5, 10), record));
        assertEquals(w(0, 20), reloaded.addWindow(w(0, 20), record));
        assertEquals(List.of(), merges);
        assertFalse(reloaded.isChanged() && !reloaded.toMap().equals(set.toMap()));
    }

    @Test
    void aWindowThatCoversALiveOneKeepsThatOnesStateWindow() throws Exception {
        MergingWindowSet<TimeWindow> set = new MergingWindowSet<>(sessions, Map.of());
        set.addWindow(w(5, 10), record);
        assertEquals(w(0, 20), set.addWindow(w(0, 20), record));
        assertEquals(Map.of(w(0, 20), w(5, 10)), set.toMap());
    }

    @Test
    void windowsRestoredFromStoredStateMergeLikeAnyOther() throws Exception {
        MergingWindowSet<TimeWindow> before = new MergingWindowSet<>(sessions, Map.of());
        before.addWindow(w(0, 10), record);
        before.addWindow(w(5, 15), record); // [0,15) under state window [0,10)
        before.addWindow(w(40, 50), record);
        Map<TimeWindow, TimeWindow> stored = before.toMap(); // what the operator checkpoints per key
        merges.clear();

        MergingWindowSet<TimeWindow> restored = new MergingWindowSet<>(sessions, stored);
        assertFalse(restored.isChanged());
        assertEquals(w(0, 50), restored.addWindow(w(15, 40), record));
        assertEquals(1, merges.size());
        TimeWindow stateWindow = restored.getStateWindow(w(0, 50));
        assertTrue(stateWindow.equals(w(0, 10)) || stateWindow.equals(w(40, 50)), "state window " + stateWindow);
        assertEquals(Map.of(w(0, 50), stateWindow), restored.toMap());
    }

    @Test
    void retiringAWindowForgetsItAndRetiringAnUnknownOneFails() throws Exception {
        MergingWindowSet<TimeWindow> set = new MergingWindowSet<>(sessions, Map.of());
        set.addWindow(w(0, 10), record);
        set.retireWindow(w(0, 10));
        assertTrue(set.isEmpty());
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> set.retireWindow(w(0, 10)));
        assertTrue(error.getMessage().contains("not live"), error.getMessage());
    }
}
