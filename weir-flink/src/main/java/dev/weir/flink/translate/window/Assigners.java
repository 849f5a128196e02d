package dev.weir.flink.translate.window;

import dev.weir.api.dag.Transformation;
import dev.weir.api.windowing.assigners.EventTimeSessionWindows;
import dev.weir.api.windowing.assigners.GlobalWindows;
import dev.weir.api.windowing.assigners.MergingWindowAssigner;
import dev.weir.api.windowing.assigners.ProcessingTimeSessionWindows;
import dev.weir.api.windowing.assigners.SlidingEventTimeWindows;
import dev.weir.api.windowing.assigners.SlidingProcessingTimeWindows;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.api.windowing.assigners.TumblingProcessingTimeWindows;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.flink.translate.PlanRef;
import java.time.Duration;
import java.util.Collection;

/**
 * Weir's window assigners as Flink's: each built-in assigner becomes its Flink twin with the same size, slide, gap
 * and offset (so Flink's operator runs its own code); anything else (dynamic-gap sessions, the user's own assigners)
 * runs through {@link AssignerAdapter} / {@link MergingAssignerAdapter}. Client side, at translation.
 */
final class Assigners {

    private Assigners() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static org.apache.flink.streaming.api.windowing.assigners.WindowAssigner<Object, ?> toFlink(
            WindowAssigner<?, ?> assigner, PlanRef ref, Transformation node) {
        WindowKind kind = WindowKind.of(assigner, node);
        Class<?> type = assigner.getClass();
        if (type == TumblingEventTimeWindows.class) {
            TumblingEventTimeWindows tumbling = (TumblingEventTimeWindows) assigner;
            long size = tumbling.getSize();
            return org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows.of(ms(size),
                    ms(offset(assigner, size, 0)));
        }
        if (type == TumblingProcessingTimeWindows.class) {
            TumblingProcessingTimeWindows tumbling = (TumblingProcessingTimeWindows) assigner;
            long size = tumbling.getSize();
            return org.apache.flink.streaming.api.windowing.assigners.TumblingProcessingTimeWindows.of(ms(size),
                    ms(offset(assigner, size, 0)));
        }
        if (type == SlidingEventTimeWindows.class) {
            SlidingEventTimeWindows sliding = (SlidingEventTimeWindows) assigner;
            Long offset = slidingOffset(assigner, sliding.getSize(), sliding.getSlide());
            if (offset != null) {
                return org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows.of(
                        ms(sliding.getSize()), ms(sliding.getSlide()), ms(offset));
            }
        }
        if (type == SlidingProcessingTimeWindows.class) {
            SlidingProcessingTimeWindows sliding = (SlidingProcessingTimeWindows) assigner;
            Long offset = slidingOffset(assigner, sliding.getSize(), sliding.getSlide());
            if (offset != null) {
                return org.apache.flink.streaming.api.windowing.assigners.SlidingProcessingTimeWindows.of(
                        ms(sliding.getSize()), ms(sliding.getSlide()), ms(offset));
            }
        }
        if (type == EventTimeSessionWindows.class) {
            return org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows.withGap(
                    ms(((EventTimeSessionWindows) assigner).getGap()));
        }
        if (type == ProcessingTimeSessionWindows.class) {
            return org.apache.flink.streaming.api.windowing.assigners.ProcessingTimeSessionWindows.withGap(
                    ms(((ProcessingTimeSessionWindows) assigner).getGap()));
        }
        if (type == GlobalWindows.class) {
            // the trigger (the assigner's default or the user's) is set by the translation
            return (org.apache.flink.streaming.api.windowing.assigners.WindowAssigner)
                    org.apache.flink.streaming.api.windowing.assigners.GlobalWindows.create();
        }
        return assigner instanceof MergingWindowAssigner<?, ?>
                ? new MergingAssignerAdapter(ref, node.id(), assigner.isEventTime(), kind)
                : new AssignerAdapter(ref, node.id(), assigner.isEventTime(), kind);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /**
     * The offset of windows of {@code period} that {@code assigner} aligns (Weir keeps it private): where the window
     * of a record at {@code probe} starts, modulo the period. Processing-time assigners read a clock at 0.
     */
    private static long offset(WindowAssigner<?, ?> assigner, long period, long probe) {
        TimeWindow window = (TimeWindow) assign(assigner, probe).iterator().next();
        return Math.floorMod(window.getStart(), period);
    }

    /** As {@link #offset}; null when a record at 0 falls between windows (slide larger than size) — then adapted. */
    private static Long slidingOffset(WindowAssigner<?, ?> assigner, long size, long slide) {
        Collection<?> windows = assign(assigner, 0);
        if (windows.isEmpty()) {
            return null;
        }
        return Math.floorMod(((TimeWindow) windows.iterator().next()).getStart(), slide);
    }

    @SuppressWarnings("unchecked")
    private static Collection<?> assign(WindowAssigner<?, ?> assigner, long at) {
        return ((WindowAssigner<Object, ?>) assigner).assignWindows(null, at, new WindowAssigner.WindowAssignerContext() {
            @Override
            public long getCurrentProcessingTime() {
                return at;
            }
        });
    }
}
