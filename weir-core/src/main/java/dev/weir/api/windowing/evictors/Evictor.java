package dev.weir.api.windowing.evictors;

import dev.weir.api.windowing.windows.Window;

/**
 * Removes records from a window when it fires, before and/or after the window function runs: the
 * records to remove are removed through the iterator of {@code elements}. A windowed stream with an
 * evictor keeps every record of its windows (no pre-aggregation), as the evictor needs them.
 *
 * @param <T> the type of the records
 * @param <W> the type of the windows
 */
public interface Evictor<T, W extends Window> {

    /** Before the window function: {@code elements} are the window's {@code size} records, oldest first. */
    void evictBefore(Iterable<TimestampedValue<T>> elements, int size, W window, EvictorContext evictorContext);

    /** After the window function: {@code elements} are the records that remained. */
    void evictAfter(Iterable<TimestampedValue<T>> elements, int size, W window, EvictorContext evictorContext);

    /** The clocks an evictor may read. */
    interface EvictorContext {
        long getCurrentProcessingTime();

        long getCurrentWatermark();
    }
}
