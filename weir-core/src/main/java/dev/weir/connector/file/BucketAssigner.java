package dev.weir.connector.file;

/**
 * Chooses the bucket of each record a {@link FileSink} writes: the sub-directory of the sink's
 * base path ({@code bucketId.toString()}; an empty id is the base path itself). Called on the sink
 * subtask's thread for every record; shared by the subtasks, so it must not hold mutable state.
 *
 * @param <IN>       the record type
 * @param <BucketID> the bucket id type
 */
public interface BucketAssigner<IN, BucketID> {

    /** The bucket of {@code element}. */
    BucketID getBucketId(IN element, Context context);

    /** What an assigner may use besides the record. */
    interface Context {

        /** The processing time of the sink subtask, in ms since the epoch. */
        long currentProcessingTime();

        /** Weir: always {@code Long.MIN_VALUE}; sinks do not see watermarks. */
        long currentWatermark();

        /** Weir: always null; sinks do not see record timestamps. */
        Long timestamp();
    }
}
