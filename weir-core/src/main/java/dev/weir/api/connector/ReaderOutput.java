package dev.weir.api.connector;

/**
 * What {@link SourceReader#pollNext} is given (typed as a {@code Collector}; test with
 * {@code instanceof ReaderOutput}): besides emitting directly, a reader of several splits (Kafka
 * partitions, files, generator ranges) emits each split's records through the split's own output, so
 * that each split gets its own watermark generator and the subtask's watermark is the minimum over
 * its active splits.
 *
 * <p>Call {@link #createOutputForSplit} when the reader starts reading a split (again after a restore)
 * and {@link #releaseOutputForSplit} when the split is finished (it then no longer holds the watermark
 * back). Records emitted directly on this output count as one more "split" of the subtask.
 */
public interface ReaderOutput<T> extends SourceOutput<T> {

    /** The output of split {@code splitId} (the same object for the same id until released). */
    SourceOutput<T> createOutputForSplit(String splitId);

    /** Split {@code splitId} is finished: its generator is dropped and leaves the minimum. */
    void releaseOutputForSplit(String splitId);
}
