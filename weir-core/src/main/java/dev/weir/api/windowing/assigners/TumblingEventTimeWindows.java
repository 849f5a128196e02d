package dev.weir.api.windowing.assigners;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.windowing.triggers.EventTimeTrigger;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Tumbling event-time windows: windows of a fixed size that follow each other without gap or
 * overlap, so each record belongs to exactly one. Windows start at multiples of the size since the
 * epoch, shifted by the offset if one is given ({@code of(Duration.ofDays(1), Duration.ofHours(-8))}
 * gives days that start at midnight UTC-8). They fire by default when
 * the watermark passes their end.
 *
 * <pre>{@code
 * stream.keyBy(Event::user).window(TumblingEventTimeWindows.of(Duration.ofMinutes(1))).aggregate(new CountAndSum());
 * }</pre>
 */
public class TumblingEventTimeWindows extends WindowAssigner<Object, TimeWindow> {
    private final long size;
    private final long offset;

    private TumblingEventTimeWindows(long size, long offset) {
        this.size = size;
        this.offset = offset;
    }

    /** Windows of {@code size}, aligned to the epoch. */
    public static TumblingEventTimeWindows of(Duration size) {
        return of(size, Duration.ZERO);
    }

    /** Windows of {@code size}, starting at {@code offset} after each multiple of the size ({@code |offset| < size}). */
    public static TumblingEventTimeWindows of(Duration size, Duration offset) {
        long sizeMillis = Sizes.positive(size, "window size", "TumblingEventTimeWindows");
        return new TumblingEventTimeWindows(sizeMillis, Sizes.offset(offset, sizeMillis, "size", "TumblingEventTimeWindows"));
    }

    @Override
    public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
        long ts = Sizes.eventTimestamp(timestamp, toString());
        long start = TimeWindow.getWindowStartWithOffset(ts, offset, size);
        return List.of(new TimeWindow(start, start + size));
    }

    /** The window size in milliseconds. */
    public long getSize() {
        return size;
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return EventTimeTrigger.create();
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
        return "TumblingEventTimeWindows(" + size + (offset != 0 ? ", offset " + offset : "") + ")";
    }
}
