package dev.weir.api.connector;

/**
 * A bounded or unbounded source of records, read in parallel by one {@link SourceReader} per subtask.
 *
 * <p>A source object is shared by all subtasks and must be immutable; everything mutable lives in
 * its readers. Sources that will take part in checkpoints report their position so the job can
 * replay from it (see the connector's documentation).
 */
public interface Source<T> {

    /** Creates the reader of one parallel subtask; called on that subtask's thread. */
    SourceReader<T> createReader(SourceContext context) throws Exception;

    /**
     * Checks the configuration before the job starts (files exist, options valid). Throws
     * {@link IllegalArgumentException} naming the option or file that is wrong.
     */
    default void validate() {
    }

    /** The highest parallelism this source supports (1 for non-parallel sources). */
    default int maxSupportedParallelism() {
        return Integer.MAX_VALUE;
    }
}
