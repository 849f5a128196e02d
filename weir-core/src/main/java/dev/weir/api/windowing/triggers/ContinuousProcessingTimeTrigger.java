package dev.weir.api.windowing.triggers;

import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.windowing.windows.Window;
import java.time.Duration;
import java.util.Objects;

/**
 * Fires a window early and repeatedly in processing time: every {@code interval} of the subtask's clock
 * (at multiples of the interval) while the window has records, and once more at its end. Does not purge.
 * The next firing time is partitioned state of the window; merged windows keep the earliest.
 *
 * @param <W> the type of the windows
 */
public class ContinuousProcessingTimeTrigger<W extends Window> extends Trigger<Object, W> {
    private final long interval;
    private final ReducingStateDescriptor<Long> fireTimeDescriptor =
            new ReducingStateDescriptor<>("fire-time", Math::min, Long.class);

    private ContinuousProcessingTimeTrigger(long interval) {
        this.interval = interval;
    }

    /** Fires every {@code interval} of processing time (at least 1 ms). */
    public static <W extends Window> ContinuousProcessingTimeTrigger<W> of(Duration interval) {
        long millis = Objects.requireNonNull(interval, "interval").toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("ContinuousProcessingTimeTrigger: the interval must be at least 1 ms, "
                    + "not " + interval);
        }
        return new ContinuousProcessingTimeTrigger<>(millis);
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, W window, TriggerContext ctx) throws Exception {
        ReducingState<Long> fireTime = ctx.getPartitionedState(fireTimeDescriptor);
        if (fireTime.get() == null) {
            long now = ctx.getCurrentProcessingTime();
            scheduleNext(now - Math.floorMod(now, interval), window, ctx, fireTime);
        }
        return TriggerResult.CONTINUE;
    }

    private void scheduleNext(long after, W window, TriggerContext ctx, ReducingState<Long> fireTime) {
        long next = Math.min(after + interval, window.maxTimestamp());
        fireTime.add(next);
        ctx.registerProcessingTimeTimer(next);
    }

    @Override
    public TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) throws Exception {
        ReducingState<Long> fireTime = ctx.getPartitionedState(fireTimeDescriptor);
        Long scheduled = fireTime.get();
        if (time == window.maxTimestamp()) {
            return TriggerResult.FIRE;
        }
        if (scheduled != null && scheduled == time) {
            fireTime.clear();
            scheduleNext(time, window, ctx, fireTime);
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, W window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(W window, TriggerContext ctx) throws Exception {
        ReducingState<Long> fireTime = ctx.getPartitionedState(fireTimeDescriptor);
        Long scheduled = fireTime.get();
        if (scheduled != null) {
            ctx.deleteProcessingTimeTimer(scheduled);
            fireTime.clear();
        }
    }

    @Override
    public boolean canMerge() {
        return true;
    }

    @Override
    public void onMerge(W window, OnMergeContext ctx) throws Exception {
        ctx.mergePartitionedState(fireTimeDescriptor);
        Long next = ctx.<ReducingState<Long>>getPartitionedState(fireTimeDescriptor).get();
        if (next != null) {
            ctx.registerProcessingTimeTimer(next);
        }
    }

    /** The time between firings in milliseconds. */
    public long getInterval() {
        return interval;
    }

    @Override
    public String toString() {
        return "ContinuousProcessingTimeTrigger(" + interval + ")";
    }
}
