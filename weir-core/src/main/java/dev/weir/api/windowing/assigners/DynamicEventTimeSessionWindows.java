package dev.weir.api.windowing.assigners;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.windowing.triggers.EventTimeTrigger;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.windows.TimeWindow;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Session windows in event time whose gap each record gives through a
 * {@link SessionWindowTimeGapExtractor}: a record starts the window {@code [t, t + gap(record))}, and
 * windows of a key that overlap or touch merge. See {@link EventTimeSessionWindows}.
 *
 * @param <T> the type of the records
 */
public class DynamicEventTimeSessionWindows<T> extends MergingWindowAssigner<T, TimeWindow> {
    private final SessionWindowTimeGapExtractor<T> gapExtractor;

    private DynamicEventTimeSessionWindows(SessionWindowTimeGapExtractor<T> gapExtractor) {
        this.gapExtractor = gapExtractor;
    }

    /** Sessions whose gap {@code extractor} reads from each record. */
    public static <T> DynamicEventTimeSessionWindows<T> withDynamicGap(SessionWindowTimeGapExtractor<T> extractor) {
        return new DynamicEventTimeSessionWindows<>(Objects.requireNonNull(extractor, "gap extractor"));
    }

    @Override
    public Collection<TimeWindow> assignWindows(T element, long timestamp, WindowAssignerContext context) {
        long ts = Sizes.eventTimestamp(timestamp, toString());
        long gap = gapExtractor.extract(element);
        if (gap <= 0) {
            throw new IllegalArgumentException(this + ": the gap extractor returned " + gap + " ms for a record; a "
                    + "session gap must be at least 1 ms");
        }
        return List.of(new TimeWindow(ts, ts + gap));
    }

    @Override
    public void mergeWindows(Collection<TimeWindow> windows, MergeCallback<TimeWindow> callback) {
        TimeWindow.mergeWindows(windows, callback);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Trigger<T, TimeWindow> getDefaultTrigger() {
        return (Trigger<T, TimeWindow>) (Trigger<?, TimeWindow>) EventTimeTrigger.create();
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer() {
        return TimeWindow.Serializer.INSTANCE;
    }

    @Override
    public boolean isEventTime() {
        return true;
    }

    @Override
    public String toString() {
        return "DynamicEventTimeSessionWindows()";
    }
}
