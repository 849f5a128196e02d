package dev.weir.api.windowing.assigners;

/**
 * The session gap of a record, for session windows whose gap depends on the data
 * ({@code EventTimeSessionWindows.withDynamicGap(..)}).
 *
 * @param <T> the type of the records
 */
@FunctionalInterface
public interface SessionWindowTimeGapExtractor<T> {

    /** The gap in milliseconds after {@code element} that ends its session; must be positive. */
    long extract(T element);
}
