package dev.weir.flink.translate.window;

import dev.weir.api.windowing.assigners.MergingWindowAssigner;
import dev.weir.api.windowing.assigners.WindowAssigner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.streaming.api.windowing.windows.Window;

/**
 * Calls a Weir window assigner with Flink's arguments and turns its windows into Flink's: the work behind
 * {@link AssignerAdapter} and {@link MergingAssignerAdapter}. One per subtask, on its thread.
 */
final class AssignerCalls {

    private final WindowAssigner<Object, dev.weir.api.windowing.windows.Window> assigner;
    private final WindowKind kind;
    private final ClockContext clock = new ClockContext();

    @SuppressWarnings("unchecked")
    AssignerCalls(WindowAssigner<?, ?> assigner, WindowKind kind) {
        this.assigner = (WindowAssigner<Object, dev.weir.api.windowing.windows.Window>) assigner;
        this.kind = kind;
    }

    Collection<Window> assignWindows(Object element, long timestamp,
                                     org.apache.flink.streaming.api.windowing.assigners.WindowAssigner.WindowAssignerContext context) {
        clock.flink = context;
        Collection<dev.weir.api.windowing.windows.Window> windows = assigner.assignWindows(element, timestamp, clock);
        List<Window> flink = new ArrayList<>(windows.size());
        for (dev.weir.api.windowing.windows.Window window : windows) {
            flink.add(kind.toFlink(window));
        }
        return flink;
    }

    @SuppressWarnings("unchecked")
    void mergeWindows(Collection<Window> windows,
                      org.apache.flink.streaming.api.windowing.assigners.MergingWindowAssigner.MergeCallback<Window> callback) {
        List<dev.weir.api.windowing.windows.Window> weir = new ArrayList<>(windows.size());
        for (Window window : windows) {
            weir.add(kind.toWeir(window));
        }
        ((MergingWindowAssigner<Object, dev.weir.api.windowing.windows.Window>) assigner).mergeWindows(weir,
                (toBeMerged, mergeResult) -> {
                    List<Window> merged = new ArrayList<>(toBeMerged.size());
                    for (dev.weir.api.windowing.windows.Window window : toBeMerged) {
                        merged.add(kind.toFlink(window)); // windows are values: equal to Flink's originals
                    }
                    callback.merge(merged, kind.toFlink(mergeResult));
                });
    }

    /** Weir's assigner context over Flink's. */
    private static final class ClockContext extends WindowAssigner.WindowAssignerContext {
        private org.apache.flink.streaming.api.windowing.assigners.WindowAssigner.WindowAssignerContext flink;

        @Override
        public long getCurrentProcessingTime() {
            return flink.getCurrentProcessingTime();
        }
    }
}
