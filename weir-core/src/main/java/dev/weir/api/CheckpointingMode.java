package dev.weir.api;

/** How a task with several inputs treats checkpoint barriers. */
public enum CheckpointingMode {
    /**
     * Aligned barriers: after barrier n arrives on an input, that input is held back until barrier
     * n has arrived on every input. Each record affects state exactly once.
     */
    EXACTLY_ONCE,
    /**
     * Barriers are counted, inputs never held back: no alignment delay, but after a restore some
     * records processed after the first barrier may be processed again.
     */
    AT_LEAST_ONCE
}
