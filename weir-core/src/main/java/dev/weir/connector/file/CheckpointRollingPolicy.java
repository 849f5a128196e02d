package dev.weir.connector.file;

import java.io.IOException;

/**
 * A {@link RollingPolicy} that rolls at every checkpoint, the kind Weir's {@link FileSink} accepts.
 * Subclasses decide whether to roll also between checkpoints, e.g. when a part reaches a size.
 *
 * @param <IN>       the record type
 * @param <BucketID> the bucket id type
 */
public abstract class CheckpointRollingPolicy<IN, BucketID> implements RollingPolicy<IN, BucketID> {

    /** Always: part files are committed whole when their checkpoint completes. */
    @Override
    public boolean shouldRollOnCheckpoint(PartFileInfo<BucketID> partFileState) {
        return true;
    }

    @Override
    public abstract boolean shouldRollOnEvent(PartFileInfo<BucketID> partFileState, IN element) throws IOException;

    @Override
    public abstract boolean shouldRollOnProcessingTime(PartFileInfo<BucketID> partFileState, long currentTime)
            throws IOException;
}
