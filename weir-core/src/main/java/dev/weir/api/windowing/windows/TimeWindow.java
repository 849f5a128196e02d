package dev.weir.api.windowing.windows;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.windowing.assigners.MergingWindowAssigner;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The time interval {@code [start, end)} in epoch milliseconds: holds the records whose timestamp
 * is at least {@code start} and less than {@code end}. Immutable.
 */
public class TimeWindow extends Window {
    private final long start;
    private final long end;

    public TimeWindow(long start, long end) {
        this.start = start;
        this.end = end;
    }

    /** The first timestamp in the window. */
    public long getStart() {
        return start;
    }

    /** The first timestamp after the window (exclusive). */
    public long getEnd() {
        return end;
    }

    /** {@code end - 1}: the last timestamp in the window. */
    @Override
    public long maxTimestamp() {
        return end - 1;
    }

    /** Whether the two windows overlap or touch (one ends where the other starts): session windows merge then. */
    public boolean intersects(TimeWindow other) {
        return start <= other.end && end >= other.start;
    }

    /** The smallest window holding both this one and {@code other}. */
    public TimeWindow cover(TimeWindow other) {
        return new TimeWindow(Math.min(start, other.start), Math.max(end, other.end));
    }

    /**
     * Merges the windows that {@linkplain #intersects intersect}, transitively: for every group of two or
     * more such windows, tells {@code callback} the group and the window that covers it. Windows that
     * intersect nothing are not reported.
     */
    public static void mergeWindows(Collection<TimeWindow> windows, MergingWindowAssigner.MergeCallback<TimeWindow> callback) {
        List<TimeWindow> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingLong(TimeWindow::getStart));
        List<TimeWindow> group = new ArrayList<>();
        TimeWindow cover = null;
        for (TimeWindow window : sorted) {
            if (cover != null && cover.intersects(window)) {
                group.add(window);
                cover = cover.cover(window);
            } else {
                report(group, cover, callback);
                group = new ArrayList<>();
                group.add(window);
                cover = window;
            }
        }
        report(group, cover, callback);
    }

    private static void report(List<TimeWindow> group, TimeWindow cover,
                               MergingWindowAssigner.MergeCallback<TimeWindow> callback) {
        if (group.size() > 1) {
            callback.merge(group, cover);
        }
    }

    /**
     * The start of the window of size {@code windowSize} that holds {@code timestamp}, for windows
     * aligned to {@code offset} (the windows start at {@code offset + n * windowSize} for every integer n;
     * negative timestamps too).
     */
    public static long getWindowStartWithOffset(long timestamp, long offset, long windowSize) {
        return timestamp - Math.floorMod(timestamp - offset, windowSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeWindow other && other.start == start && other.end == end;
    }

    @Override
    public int hashCode() {
        // windows of one key differ mostly in start; mix both so that sliding windows spread well
        long h = start * 31 + end;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return "TimeWindow{start=" + start + ", end=" + end + "}";
    }

    /** Writes a time window as its two longs, in state and checkpoints. Stateless. */
    public static final class Serializer implements TypeSerializer<TimeWindow> {
        /** The one instance. */
        public static final Serializer INSTANCE = new Serializer();

        private Serializer() {
        }

        @Override
        public void serialize(TimeWindow value, DataOutput out) throws IOException {
            out.writeLong(value.start);
            out.writeLong(value.end);
        }

        @Override
        public TimeWindow deserialize(DataInput in) throws IOException {
            return new TimeWindow(in.readLong(), in.readLong());
        }
    }
}
