package dev.weir.connector.file;

/**
 * Rolls part files at checkpoints only: one part per bucket, subtask and checkpoint interval. The
 * default of Weir's {@link FileSink}.
 *
 * @param <IN>       the record type
 * @param <BucketID> the bucket id type
 */
public final class OnCheckpointRollingPolicy<IN, BucketID> extends CheckpointRollingPolicy<IN, BucketID> {

    private OnCheckpointRollingPolicy() {
    }

    public static <IN, BucketID> OnCheckpointRollingPolicy<IN, BucketID> build() {
        return new OnCheckpointRollingPolicy<>();
    }

    @Override
    public boolean shouldRollOnEvent(PartFileInfo<BucketID> partFileState, IN element) {
        return false;
    }

    @Override
    public boolean shouldRollOnProcessingTime(PartFileInfo<BucketID> partFileState, long currentTime) {
        return false;
    }

    @Override
    public String toString() {
        return "OnCheckpointRollingPolicy";
    }
}
