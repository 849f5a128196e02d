package dev.weir.runtime.metrics;

/**
 * Where one task's thread spent its time, accumulated by the task thread at its blocking points
 * (never per record) and read by the metrics sampler from another thread.
 */
public interface TaskTimes {
    /** Nanoseconds the task thread waited for input (or for a source's next record) so far. */
    long idleNanos();

    /** Nanoseconds the task thread waited for space in its output channels so far. */
    long backPressuredNanos();

    /** Whether the task thread has ended (it is then neither busy nor back-pressured). */
    boolean ended();
}
