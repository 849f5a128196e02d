package dev.weir.flink.translate.window;

import dev.weir.api.dag.Transformation;
import dev.weir.api.windowing.assigners.GlobalWindows;
import dev.weir.api.windowing.triggers.ContinuousEventTimeTrigger;
import dev.weir.api.windowing.triggers.ContinuousProcessingTimeTrigger;
import dev.weir.api.windowing.triggers.CountTrigger;
import dev.weir.api.windowing.triggers.EventTimeTrigger;
import dev.weir.api.windowing.triggers.ProcessingTimeTrigger;
import dev.weir.api.windowing.triggers.PurgingTrigger;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.flink.translate.PlanRef;
import java.time.Duration;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.Window;

/**
 * Weir's triggers as Flink's: each built-in trigger (exactly that class, not a subclass that may change it) becomes
 * its Flink twin, a {@link PurgingTrigger} wraps the translation of its nested trigger, and any other trigger runs
 * through {@link TriggerAdapter}. Client side, at translation.
 */
final class Triggers {

    private Triggers() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static org.apache.flink.streaming.api.windowing.triggers.Trigger<Object, Window> toFlink(
            Trigger<?, ?> trigger, PlanRef ref, Transformation node, WindowKind kind, int purgingDepth) {
        Class<?> type = trigger.getClass();
        org.apache.flink.streaming.api.windowing.triggers.Trigger flink;
        if (type == EventTimeTrigger.class) {
            flink = org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger.create();
        } else if (type == ProcessingTimeTrigger.class) {
            flink = org.apache.flink.streaming.api.windowing.triggers.ProcessingTimeTrigger.create();
        } else if (type == CountTrigger.class) {
            flink = org.apache.flink.streaming.api.windowing.triggers.CountTrigger.of(((CountTrigger<?>) trigger).getMaxCount());
        } else if (type == ContinuousEventTimeTrigger.class) {
            flink = org.apache.flink.streaming.api.windowing.triggers.ContinuousEventTimeTrigger.of(
                    Duration.ofMillis(((ContinuousEventTimeTrigger<?>) trigger).getInterval()));
        } else if (type == ContinuousProcessingTimeTrigger.class) {
            flink = org.apache.flink.streaming.api.windowing.triggers.ContinuousProcessingTimeTrigger.of(
                    Duration.ofMillis(((ContinuousProcessingTimeTrigger<?>) trigger).getInterval()));
        } else if (type == GlobalWindows.NeverTrigger.class) {
            flink = new org.apache.flink.streaming.api.windowing.assigners.GlobalWindows.NeverTrigger();
        } else if (type == GlobalWindows.EndOfStreamTrigger.class) {
            flink = new org.apache.flink.streaming.api.windowing.assigners.GlobalWindows.EndOfStreamTrigger();
        } else if (type == PurgingTrigger.class) {
            flink = org.apache.flink.streaming.api.windowing.triggers.PurgingTrigger.of(
                    toFlink(((PurgingTrigger<?, ?>) trigger).getNestedTrigger(), ref, node, kind, purgingDepth + 1));
        } else {
            flink = new TriggerAdapter(ref, node.id(), kind, purgingDepth, trigger.canMerge());
        }
        return flink;
    }

    /**
     * What a Flink assigner adapter answers to {@code getDefaultTrigger()}: Flink's windowed stream asks for it
     * before the translation sets the node's own trigger. Never fires.
     */
    @SuppressWarnings("unchecked")
    static <T> org.apache.flink.streaming.api.windowing.triggers.Trigger<T, Window> placeholder() {
        return (org.apache.flink.streaming.api.windowing.triggers.Trigger<T, Window>) Placeholder.INSTANCE;
    }

    private static final class Placeholder extends org.apache.flink.streaming.api.windowing.triggers.Trigger<Object, Window> {
        private static final long serialVersionUID = 1L;
        private static final Placeholder INSTANCE = new Placeholder();

        @Override
        public TriggerResult onElement(Object element, long timestamp, Window window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onProcessingTime(long time, Window window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onEventTime(long time, Window window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public boolean canMerge() {
            return true;
        }

        @Override
        public void onMerge(Window window, OnMergeContext ctx) {
        }

        @Override
        public void clear(Window window, TriggerContext ctx) {
        }
    }
}
