package dev.weir.api.windowing.triggers;

import dev.weir.api.windowing.windows.TimeWindow;

/**
 * Fires a time window once the watermark passes its end ({@link TimeWindow#maxTimestamp()}); the default
 * trigger of the event-time assigners. A record that arrives after that, within the allowed lateness,
 * fires the window again at once. Never purges: the window operator drops the window when the allowed
 * lateness has passed too.
 */
public class EventTimeTrigger extends Trigger<Object, TimeWindow> {
    private static final EventTimeTrigger INSTANCE = new EventTimeTrigger();

    private EventTimeTrigger() {
    }

    /** The trigger (stateless, so one instance serves every use). */
    public static EventTimeTrigger create() {
        return INSTANCE;
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx) {
        if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
            return TriggerResult.FIRE; // a late record within the allowed lateness
        }
        ctx.registerEventTimeTimer(window.maxTimestamp());
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
        return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public boolean canMerge() {
        return true;
    }

    @Override
    public void onMerge(TimeWindow window, OnMergeContext ctx) {
        // a merged window whose end the watermark already passed fires with its next record (onElement)
        if (window.maxTimestamp() > ctx.getCurrentWatermark()) {
            ctx.registerEventTimeTimer(window.maxTimestamp());
        }
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
    }

    @Override
    public String toString() {
        return "EventTimeTrigger()";
    }
}
