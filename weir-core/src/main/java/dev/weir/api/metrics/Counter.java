package dev.weir.api.metrics;

/**
 * A count a function keeps, e.g. of records it treated in some way. Incremented by the task thread
 * (in the function's methods); read by the job's metrics from another thread, so {@link #getCount()}
 * must be safe to call from any thread and return a recent value.
 */
public interface Counter extends Metric {
    /** Adds one. */
    void inc();

    /** Adds {@code n}. */
    void inc(long n);

    /** Subtracts one. */
    void dec();

    /** Subtracts {@code n}. */
    void dec(long n);

    /** The count now; any thread. */
    long getCount();
}
