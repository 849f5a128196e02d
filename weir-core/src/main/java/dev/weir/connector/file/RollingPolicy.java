package dev.weir.connector.file;

import java.io.IOException;

/**
 * Decides when a {@link FileSink} closes its current part file and starts a new one. Weir's file
 * sink always rolls at a checkpoint (its exactly-once commit renames whole files), so it accepts
 * only {@link CheckpointRollingPolicy} subclasses, such as {@link OnCheckpointRollingPolicy};
 * those may in addition roll between checkpoints by size or age. Called on the sink subtask's
 * thread; shared by the subtasks, so it must not hold mutable state.
 *
 * @param <IN>       the record type
 * @param <BucketID> the bucket id type
 */
public interface RollingPolicy<IN, BucketID> {

    /** Whether the part is closed at a checkpoint (Weir requires {@code true}). */
    boolean shouldRollOnCheckpoint(PartFileInfo<BucketID> partFileState) throws IOException;

    /** Asked before {@code element} is written to the part: whether to start a new part first. */
    boolean shouldRollOnEvent(PartFileInfo<BucketID> partFileState, IN element) throws IOException;

    /**
     * Whether the part is old enough to roll at processing time {@code currentTime} (ms). Weir asks
     * this before each record written to the part, not on a timer.
     */
    boolean shouldRollOnProcessingTime(PartFileInfo<BucketID> partFileState, long currentTime) throws IOException;
}
