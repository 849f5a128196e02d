package dev.weir.api.windowing.assigners;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.triggers.TriggerResult;
import dev.weir.api.windowing.windows.GlobalWindow;
import java.util.Collection;
import java.util.List;

/**
 * Puts every record of a key into the one {@link GlobalWindow}. Its default trigger never fires:
 * give the windowed stream a trigger of its own ({@code CountTrigger}, as {@code countWindow} does),
 * or use {@link #createWithEndOfStreamTrigger()} to fire once at the end of a bounded input.
 */
public class GlobalWindows extends WindowAssigner<Object, GlobalWindow> {
    private final boolean fireAtEndOfStream;

    private GlobalWindows(boolean fireAtEndOfStream) {
        this.fireAtEndOfStream = fireAtEndOfStream;
    }

    /** The global window with a trigger that never fires. */
    public static GlobalWindows create() {
        return new GlobalWindows(false);
    }

    /** The global window with a trigger that fires once, when the input ends (the final watermark). */
    public static GlobalWindows createWithEndOfStreamTrigger() {
        return new GlobalWindows(true);
    }

    @Override
    public Collection<GlobalWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
        return List.of(GlobalWindow.get());
    }

    @Override
    public Trigger<Object, GlobalWindow> getDefaultTrigger() {
        return fireAtEndOfStream ? new EndOfStreamTrigger() : new NeverTrigger();
    }

    @Override
    public TypeSerializer<GlobalWindow> getWindowSerializer() {
        return GlobalWindow.Serializer.INSTANCE;
    }

    @Override
    public boolean isEventTime() {
        return false;
    }

    @Override
    public String toString() {
        return fireAtEndOfStream ? "GlobalWindows(end of stream)" : "GlobalWindows()";
    }

    /** The default trigger of {@link #create()}: never fires, keeps no state and no timers. */
    public static class NeverTrigger extends Trigger<Object, GlobalWindow> {
        @Override
        public TriggerResult onElement(Object element, long timestamp, GlobalWindow window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onEventTime(long time, GlobalWindow window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onProcessingTime(long time, GlobalWindow window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public void clear(GlobalWindow window, TriggerContext ctx) {
        }

        @Override
        public void onMerge(GlobalWindow window, OnMergeContext ctx) {
        }
    }

    /**
     * The default trigger of {@link #createWithEndOfStreamTrigger()}: fires and purges when the final
     * watermark ({@code Long.MAX_VALUE}) of a bounded input arrives.
     */
    public static class EndOfStreamTrigger extends Trigger<Object, GlobalWindow> {
        @Override
        public TriggerResult onElement(Object element, long timestamp, GlobalWindow window, TriggerContext ctx) {
            ctx.registerEventTimeTimer(window.maxTimestamp());
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onEventTime(long time, GlobalWindow window, TriggerContext ctx) {
            return time == window.maxTimestamp() ? TriggerResult.FIRE_AND_PURGE : TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onProcessingTime(long time, GlobalWindow window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public void clear(GlobalWindow window, TriggerContext ctx) {
            ctx.deleteEventTimeTimer(window.maxTimestamp());
        }

        @Override
        public void onMerge(GlobalWindow window, OnMergeContext ctx) {
        }
    }
}
