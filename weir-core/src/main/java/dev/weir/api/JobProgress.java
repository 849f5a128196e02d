package dev.weir.api;

import java.time.Duration;

/**
 * A running job's figures at one moment, for progress displays ({@link JobClient#getProgress()}).
 * Record counts are read from the running tasks without stopping them: each is recent, not an
 * exact cut across tasks. Records replayed after a restart are counted again.
 *
 * @param recordsIn              records the sources emitted, over all runs of the job
 * @param recordsOut             records the sinks received, over all runs of the job
 * @param checkpointsCompleted   checkpoints completed so far
 * @param lastCheckpointId       id of the newest completed checkpoint, or -1 if none completed yet
 * @param lastCheckpointDuration end-to-end duration of the newest completed checkpoint, or null
 * @param restarts               restarts after failures so far
 */
public record JobProgress(long recordsIn, long recordsOut, int checkpointsCompleted, long lastCheckpointId,
                          Duration lastCheckpointDuration, int restarts) {
}
