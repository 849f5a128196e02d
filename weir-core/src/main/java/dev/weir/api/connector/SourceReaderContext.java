package dev.weir.api.connector;

/**
 * What a source's reader, and a generator function opened by it, may know about the subtask it
 * runs in: Flink's names for the subset Weir has. Every {@link SourceContext} is one.
 */
public interface SourceReaderContext {

    /** The index of the subtask, from 0. */
    int getIndexOfSubtask();

    /** The number of parallel subtasks of the source. */
    default int currentParallelism() {
        throw new UnsupportedOperationException("this reader context does not know the parallelism");
    }
}
