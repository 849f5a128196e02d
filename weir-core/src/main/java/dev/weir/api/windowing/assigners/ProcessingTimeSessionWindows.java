package dev.weir.api.windowing.assigners;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.windowing.triggers.ProcessingTimeTrigger;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Session windows in processing time: a key's session holds records that follow each other with less
 * than the gap between them, and ends a gap after its last record. Each record starts a window
 * {@code [t, t + gap)}; windows of a key that overlap or touch merge into one session (also windows
 * restored from a checkpoint). For a gap that depends on the record, see {@link #withDynamicGap}.
 *
 * <pre>{@code
 * clicks.keyBy(Click::user).window(ProcessingTimeSessionWindows.withGap(Duration.ofMinutes(30))).process(new SessionSummary());
 * }</pre>
 */
public class ProcessingTimeSessionWindows extends MergingWindowAssigner<Object, TimeWindow> {
    private final long gap;

    private ProcessingTimeSessionWindows(long gap) {
        this.gap = gap;
    }

    /** Sessions that end {@code gap} after their last record. */
    public static ProcessingTimeSessionWindows withGap(Duration gap) {
        return new ProcessingTimeSessionWindows(Sizes.positive(gap, "session gap", "ProcessingTimeSessionWindows"));
    }

    /** Sessions whose gap {@code extractor} reads from each record. */
    public static <T> DynamicProcessingTimeSessionWindows<T> withDynamicGap(SessionWindowTimeGapExtractor<T> extractor) {
        return DynamicProcessingTimeSessionWindows.withDynamicGap(extractor);
    }

    @Override
    public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
        long ts = context.getCurrentProcessingTime();
        return List.of(new TimeWindow(ts, ts + gap));
    }

    @Override
    public void mergeWindows(Collection<TimeWindow> windows, MergeCallback<TimeWindow> callback) {
        TimeWindow.mergeWindows(windows, callback);
    }

    /** The session gap in milliseconds. */
    public long getGap() {
        return gap;
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return ProcessingTimeTrigger.create();
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer() {
        return TimeWindow.Serializer.INSTANCE;
    }

    @Override
    public boolean isEventTime() {
        return false;
    }

    @Override
    public String toString() {
        return "ProcessingTimeSessionWindows(" + gap + ")";
    }
}
