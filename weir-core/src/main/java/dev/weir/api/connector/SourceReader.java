package dev.weir.api.connector;

import dev.weir.api.Collector;
import java.util.List;

/**
 * Reads the splits of one source subtask. Called only on the subtask's thread.
 *
 * <p>The task calls {@link #pollNext} in a loop; between calls it runs other work of the task
 * (timers, checkpoints), so a call should emit a bounded number of records (a few hundred) and
 * never block for long. A checkpoint is taken between two calls: {@link #snapshotSplits} must then
 * describe exactly the records not yet emitted.
 */
public interface SourceReader<T, S> extends AutoCloseable {

    /** Emits zero or more records into {@code output} and says whether more may follow. */
    InputStatus pollNext(Collector<T> output) throws Exception;

    /** The unfinished splits with the position of the next record to emit in each. */
    List<S> snapshotSplits();

    /**
     * The same as {@link #snapshotSplits()}, told which checkpoint it is for: a reader that acts
     * when that checkpoint completes (Kafka commits its offsets to the consumer group) overrides
     * this one and implements {@link dev.weir.api.functions.CheckpointListener}.
     */
    default List<S> snapshotSplits(long checkpointId) throws Exception {
        return snapshotSplits();
    }

    /**
     * After {@link InputStatus#NOTHING_AVAILABLE}: how long the task may wait before polling again
     * (e.g. until a rate limiter allows the next record). The task wakes earlier for other work.
     */
    default long nanosUntilAvailable() {
        return 1_000_000L;
    }

    /**
     * Where the record this reader emitted last came from, as text for error messages and dead
     * letters: {@code file /in/a.txt byte 1234}, {@code topic t partition 0 offset 17}, or null if
     * unknown. Asked only while {@link #pollNext} runs and only when a record fails further down the
     * chain, so build the text here; per record, just keep the position in a field.
     */
    default String positionOfLastRecord() {
        return null;
    }

    @Override
    default void close() throws Exception {
    }

    /** What {@link #pollNext} says about the input. */
    enum InputStatus {
        /** More records can be read right away. */
        MORE_AVAILABLE,
        /** Nothing to read now; poll again later. */
        NOTHING_AVAILABLE,
        /** The input is exhausted; {@code pollNext} is not called again. */
        END_OF_INPUT
    }
}
