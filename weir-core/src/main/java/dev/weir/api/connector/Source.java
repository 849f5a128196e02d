package dev.weir.api.connector;

import java.util.List;

/**
 * A replayable source of records, read in parallel by one {@link SourceReader} per subtask.
 *
 * <p>The input is divided into <em>splits</em> of type {@code S} (a range of a sequence, a file,
 * a Kafka partition); a split value also carries its reader's position in it. At each checkpoint
 * the reader reports its unfinished splits with their positions; on restore they are dealt
 * round-robin to the new subtasks (each subtask gets its own back at the same parallelism) and
 * readers resume exactly there. A fresh start asks {@link #initialSplits} instead.
 *
 * <p>A source object is shared by all subtasks and must be immutable; everything mutable lives
 * in its readers. Split values are stored in checkpoints: make {@code S} a record of supported
 * types (or register a serializer for it).
 *
 * @param <T> record type
 * @param <S> split type
 */
public interface Source<T, S> {

    /** The splits subtask {@code subtaskIndex} of {@code parallelism} reads when nothing is restored. */
    List<S> initialSplits(int subtaskIndex, int parallelism) throws Exception;

    /** Creates the reader of one subtask for {@code splits}; called on that subtask's thread. */
    SourceReader<T, S> createReader(SourceContext context, List<S> splits) throws Exception;

    /** The class of the split values, to find their serializer. */
    Class<S> splitType();

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
