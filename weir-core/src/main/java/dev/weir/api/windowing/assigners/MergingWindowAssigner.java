package dev.weir.api.windowing.assigners;

import dev.weir.api.windowing.windows.Window;
import java.util.Collection;

/**
 * An assigner whose windows may merge into larger ones, like session windows: each record gets a
 * window of its own, which the operator merges with the key's windows it overlaps. The contents,
 * trigger state and timers of merged windows are merged too (which needs an {@code AggregateFunction}
 * whose {@code merge} works, or a reduce function).
 *
 * @param <T> the type of the records it assigns
 * @param <W> the type of its windows
 */
public abstract class MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {

    /** Finds which of {@code windows} (the live windows of one key) merge, and reports each group to {@code callback}. */
    public abstract void mergeWindows(Collection<W> windows, MergeCallback<W> callback);

    /** Receives the groups of windows that merge. */
    public interface MergeCallback<W> {

        /** {@code toBeMerged} (two or more windows) become {@code mergeResult}. */
        void merge(Collection<W> toBeMerged, W mergeResult);
    }
}
