package dev.weir.api.windowing.evictors;

import dev.weir.api.windowing.windows.Window;
import java.util.Iterator;

/**
 * Keeps at most the {@code maxCount} newest records of a window (the evictor of {@code countWindow(size, slide)}),
 * before the window function runs or, with {@code doEvictAfter}, after it.
 *
 * @param <W> the type of the windows
 */
public class CountEvictor<W extends Window> implements Evictor<Object, W> {
    private final long maxCount;
    private final boolean doEvictAfter;

    private CountEvictor(long maxCount, boolean doEvictAfter) {
        if (maxCount < 1) {
            throw new IllegalArgumentException("CountEvictor: the count must be at least 1, not " + maxCount);
        }
        this.maxCount = maxCount;
        this.doEvictAfter = doEvictAfter;
    }

    /** Keeps the {@code maxCount} newest records, evicting before the window function. */
    public static <W extends Window> CountEvictor<W> of(long maxCount) {
        return new CountEvictor<>(maxCount, false);
    }

    /** Keeps the {@code maxCount} newest records, evicting after the window function if {@code doEvictAfter}. */
    public static <W extends Window> CountEvictor<W> of(long maxCount, boolean doEvictAfter) {
        return new CountEvictor<>(maxCount, doEvictAfter);
    }

    @Override
    public void evictBefore(Iterable<TimestampedValue<Object>> elements, int size, W window, EvictorContext ctx) {
        if (!doEvictAfter) {
            evict(elements, size);
        }
    }

    @Override
    public void evictAfter(Iterable<TimestampedValue<Object>> elements, int size, W window, EvictorContext ctx) {
        if (doEvictAfter) {
            evict(elements, size);
        }
    }

    private void evict(Iterable<TimestampedValue<Object>> elements, int size) {
        long toEvict = size - maxCount;
        Iterator<TimestampedValue<Object>> it = elements.iterator();
        for (long i = 0; i < toEvict && it.hasNext(); i++) {
            it.next();
            it.remove();
        }
    }

    @Override
    public String toString() {
        return "CountEvictor(" + maxCount + (doEvictAfter ? ", after" : "") + ")";
    }
}
