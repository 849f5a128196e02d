package dev.weir.api.windowing.triggers;

import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.windowing.windows.Window;

/**
 * Fires a window each time it has received {@code maxCount} more records (the trigger of
 * {@code countWindow}). The count is partitioned state of the window, so it survives restarts and
 * adds up when windows merge. Does not purge: wrap it in {@link PurgingTrigger} to start over after
 * each firing.
 *
 * @param <W> the type of the windows
 */
public class CountTrigger<W extends Window> extends Trigger<Object, W> {
    private final long maxCount;
    private final ReducingStateDescriptor<Long> countDescriptor =
            new ReducingStateDescriptor<>("count", Long::sum, Long.class);

    private CountTrigger(long maxCount) {
        this.maxCount = maxCount;
    }

    /** Fires every {@code maxCount} records (at least 1). */
    public static <W extends Window> CountTrigger<W> of(long maxCount) {
        if (maxCount < 1) {
            throw new IllegalArgumentException("CountTrigger: the count must be at least 1, not " + maxCount);
        }
        return new CountTrigger<>(maxCount);
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, W window, TriggerContext ctx) throws Exception {
        ReducingState<Long> count = ctx.getPartitionedState(countDescriptor);
        count.add(1L);
        if (count.get() >= maxCount) {
            count.clear();
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, W window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(W window, TriggerContext ctx) throws Exception {
        ctx.getPartitionedState(countDescriptor).clear();
    }

    @Override
    public boolean canMerge() {
        return true;
    }

    @Override
    public void onMerge(W window, OnMergeContext ctx) {
        ctx.mergePartitionedState(countDescriptor);
    }

    /** The number of records per firing. */
    public long getMaxCount() {
        return maxCount;
    }

    @Override
    public String toString() {
        return "CountTrigger(" + maxCount + ")";
    }
}
