package dev.weir.api.connector;

/** Where a source reader runs. */
public interface SourceContext {
    int getSubtaskIndex();

    int getParallelism();

    /** Processing-time clock of the task, in milliseconds. */
    long currentProcessingTime();
}
