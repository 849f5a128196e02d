package dev.weir.api;

/**
 * Flink's execution modes. Weir runs every job as {@code STREAMING}; see
 * {@link StreamExecutionEnvironment#setRuntimeMode}.
 */
public enum RuntimeExecutionMode {
    STREAMING,
    BATCH,
    AUTOMATIC
}
