package dev.weir.api.windowing.assigners;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.windowing.triggers.ProcessingTimeTrigger;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Sliding processing-time windows: windows of a fixed size that start every {@code slide}, so with a
 * slide smaller than the size they overlap and a record belongs to {@code ceil(size / slide)} of them
 * (with a larger slide, records between two windows belong to none). Windows start at multiples of
 * the slide since the epoch, shifted by the offset if one is given.
 *
 * <pre>{@code
 * stream.keyBy(Event::user).window(SlidingProcessingTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(1)))
 * }</pre>
 */
public class SlidingProcessingTimeWindows extends WindowAssigner<Object, TimeWindow> {
    private final long size;
    private final long slide;
    private final long offset;

    private SlidingProcessingTimeWindows(long size, long slide, long offset) {
        this.size = size;
        this.slide = slide;
        this.offset = offset;
    }

    /** Windows of {@code size} starting every {@code slide}, aligned to the epoch. */
    public static SlidingProcessingTimeWindows of(Duration size, Duration slide) {
        return of(size, slide, Duration.ZERO);
    }

    /** As {@link #of(Duration, Duration)}, shifted by {@code offset} ({@code |offset| < slide}). */
    public static SlidingProcessingTimeWindows of(Duration size, Duration slide, Duration offset) {
        long sizeMillis = Sizes.positive(size, "window size", "SlidingProcessingTimeWindows");
        long slideMillis = Sizes.positive(slide, "slide", "SlidingProcessingTimeWindows");
        return new SlidingProcessingTimeWindows(sizeMillis, slideMillis,
                Sizes.offset(offset, slideMillis, "slide", "SlidingProcessingTimeWindows"));
    }

    @Override
    public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
        long ts = context.getCurrentProcessingTime();
        List<TimeWindow> windows = new ArrayList<>((int) ((size + slide - 1) / slide));
        for (long start = TimeWindow.getWindowStartWithOffset(ts, offset, slide); start > ts - size; start -= slide) {
            windows.add(new TimeWindow(start, start + size));
        }
        return windows;
    }

    /** The window size in milliseconds. */
    public long getSize() {
        return size;
    }

    /** The time between the starts of two windows, in milliseconds. */
    public long getSlide() {
        return slide;
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
        return "SlidingProcessingTimeWindows(" + size + ", " + slide + (offset != 0 ? ", offset " + offset : "") + ")";
    }
}
