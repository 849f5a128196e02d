package dev.weir.api.connector;

/** Where a source reader runs. */
public interface SourceContext extends SourceReaderContext {
    int getSubtaskIndex();

    int getParallelism();

    @Override
    default int getIndexOfSubtask() {
        return getSubtaskIndex();
    }

    @Override
    default int currentParallelism() {
        return getParallelism();
    }

    /** Processing-time clock of the task, in milliseconds. */
    long currentProcessingTime();

    /**
     * The reader could not read a record (malformed input: bytes that are not UTF-8, a line over the
     * maximum length, a value the deserializer rejects): applies the source's error policy. Returns if
     * the policy skips or dead-letters the record, and the reader then goes on after it (and its
     * checkpointed position must lie after it too); throws, failing the task, if the policy is fail or
     * the skip limit is exceeded. Call it from {@link SourceReader#pollNext}.
     *
     * @param record   what was read, as text (shortened if long), for the dead letter
     * @param error    what is wrong, naming the option that limits it if any
     * @param position where the record is, e.g. {@code file /in/a.txt byte 1234}
     */
    default void onMalformedRecord(String record, Exception error, String position) throws Exception {
        throw error;
    }
}
