package dev.weir.api.windowing.triggers;

import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.windowing.windows.Window;
import java.time.Duration;
import java.util.Objects;

/**
 * Fires a window early and repeatedly: every {@code interval} of event time (at multiples of the
 * interval, as the watermark reaches them) while the window has records, and once more at its end.
 * Does not purge, so each firing shows everything the window holds so far. The next firing time is
 * partitioned state of the window; merged windows keep the earliest.
 *
 * @param <W> the type of the windows
 */
public class ContinuousEventTimeTrigger<W extends Window> extends Trigger<Object, W> {
    private final long interval;
    private final ReducingStateDescriptor<Long> fireTimeDescriptor =
            new ReducingStateDescriptor<>("fire-time", Math::min, Long.class);

    private ContinuousEventTimeTrigger(long interval) {
        this.interval = interval;
    }

    /** Fires every {@code interval} of event time (at least 1 ms). */
    public static <W extends Window> ContinuousEventTimeTrigger<W> of(Duration interval) {
        long millis = Objects.requireNonNull(interval, "interval").toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("ContinuousEventTimeTrigger: the interval must be at least 1 ms, not "
                    + interval);
        }
        return new ContinuousEventTimeTrigger<>(millis);
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, W window, TriggerContext ctx) throws Exception {
        if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
            return TriggerResult.FIRE; // a late record within the allowed lateness: show it at once
        }
        ctx.registerEventTimeTimer(window.maxTimestamp());
        ReducingState<Long> fireTime = ctx.getPartitionedState(fireTimeDescriptor);
        if (fireTime.get() == null) {
            long next = timestamp - Math.floorMod(timestamp, interval) + interval;
            fireTime.add(next);
            ctx.registerEventTimeTimer(next);
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, W window, TriggerContext ctx) throws Exception {
        if (time == window.maxTimestamp()) {
            return TriggerResult.FIRE;
        }
        ReducingState<Long> fireTime = ctx.getPartitionedState(fireTimeDescriptor);
        Long scheduled = fireTime.get();
        if (scheduled != null && scheduled == time) {
            fireTime.clear();
            fireTime.add(time + interval);
            ctx.registerEventTimeTimer(time + interval);
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(W window, TriggerContext ctx) throws Exception {
        ReducingState<Long> fireTime = ctx.getPartitionedState(fireTimeDescriptor);
        Long scheduled = fireTime.get();
        if (scheduled != null) {
            ctx.deleteEventTimeTimer(scheduled);
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
            ctx.registerEventTimeTimer(next);
        }
    }

    /** The time between firings in milliseconds. */
    public long getInterval() {
        return interval;
    }

    @Override
    public String toString() {
        return "ContinuousEventTimeTrigger(" + interval + ")";
    }
}
