package dev.weir.runtime.operators.windowing;

import dev.weir.api.windowing.assigners.MergingWindowAssigner;
import dev.weir.api.windowing.windows.Window;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live windows of one key under a merging assigner (session windows), each with the <em>state
 * window</em> its contents are kept under. When windows merge, the merged window takes over the state
 * window of one of them and the contents of the others are merged into it, so no state has to move
 * to a new name. The mapping is itself keyed state: the operator loads it per key
 * ({@link #MergingWindowSet(MergingWindowAssigner, Map)}), changes it, and stores {@link #toMap()} back
 * when {@link #isChanged()}; so a window restored from a checkpoint merges like any other.
 *
 * <p>Not thread-safe: used on the task thread for one key at a time.
 */
public final class MergingWindowSet<W extends Window> {

    /** What the operator does when windows merge (merge their contents, triggers and timers). */
    public interface MergeFunction<W> {
        /**
         * {@code mergedWindows} (existing windows, not the new one) became {@code mergeResult}, whose
         * contents stay under {@code stateWindowResult}; the contents under {@code mergedStateWindows} must
         * be merged into it.
         */
        void merge(W mergeResult, Collection<W> mergedWindows, W stateWindowResult, Collection<W> mergedStateWindows)
                throws Exception;
    }

    private final MergingWindowAssigner<?, W> assigner;
    private final Map<W, W> stateWindows;
    private boolean changed;

    /** The set of a key whose stored mapping (window → state window) is {@code stored} (empty for none). */
    public MergingWindowSet(MergingWindowAssigner<?, W> assigner, Map<W, W> stored) {
        this.assigner = assigner;
        this.stateWindows = new HashMap<>(stored);
    }

    /** The window whose name holds {@code window}'s contents, or null if {@code window} is not live. */
    public W getStateWindow(W window) {
        return stateWindows.get(window);
    }

    /** Forgets {@code window} (it fired and was purged, or its time is over). */
    public void retireWindow(W window) {
        if (stateWindows.remove(window) == null) {
            throw new IllegalStateException("window " + window + " is not live, so it cannot be retired");
        }
        changed = true;
    }

    /**
     * Adds {@code newWindow} and merges it, and any windows it bridges, with the live windows it
     * overlaps; calls {@code mergeFunction} for each merge of existing windows. Returns the live window
     * that now holds {@code newWindow}: itself, or the window it merged into.
     */
    public W addWindow(W newWindow, MergeFunction<W> mergeFunction) throws Exception {
        if (stateWindows.containsKey(newWindow)) {
            return newWindow;
        }
        List<W> windows = new ArrayList<>(stateWindows.keySet());
        windows.add(newWindow);
        Map<W, List<W>> merges = new LinkedHashMap<>();
        assigner.mergeWindows(windows, (toBeMerged, mergeResult) -> merges.put(mergeResult, new ArrayList<>(toBeMerged)));

        W resultWindow = newWindow;
        boolean newWindowMerged = false;
        for (Map.Entry<W, List<W>> merge : merges.entrySet()) {
            W mergeResult = merge.getKey();
            List<W> existing = merge.getValue();
            if (existing.remove(newWindow)) {
                resultWindow = mergeResult;
                newWindowMerged = true;
            }
            if (existing.isEmpty()) {
                continue;
            }
            W stateWindow = stateWindows.get(existing.get(0));
            List<W> otherStateWindows = new ArrayList<>();
            for (W window : existing) {
                W removed = stateWindows.remove(window);
                if (removed != null && !removed.equals(stateWindow)) {
                    otherStateWindows.add(removed);
                }
            }
            stateWindows.put(mergeResult, stateWindow);
            changed = true;
            boolean newWindowFellIntoExisting = existing.size() == 1 && existing.get(0).equals(mergeResult);
            if (!newWindowFellIntoExisting) {
                mergeFunction.merge(mergeResult, existing, stateWindow, otherStateWindows);
            }
        }
        if (!newWindowMerged) { // merged with nothing: a window of its own
            stateWindows.put(newWindow, newWindow);
            changed = true;
        }
        return resultWindow;
    }

    /** Whether the set changed since it was loaded (then the operator stores {@link #toMap()}). */
    public boolean isChanged() {
        return changed;
    }

    /** The live windows and their state windows, a copy (to store as the key's state). */
    public Map<W, W> toMap() {
        return new HashMap<>(stateWindows);
    }

    /** Whether no window is live. */
    public boolean isEmpty() {
        return stateWindows.isEmpty();
    }

    @Override
    public String toString() {
        return "MergingWindowSet" + stateWindows;
    }
}
