package dev.weir.api;

import java.time.Duration;
import java.util.List;

/**
 * What happened to one checkpoint.
 *
 * @param checkpointId     its id, increasing over the life of the job (also across restarts)
 * @param completed        true once its metadata was durable; false if it was aborted
 * @param triggerTimestamp when the coordinator triggered it (epoch millis)
 * @param endToEnd         from trigger to completion (or abort)
 * @param bytes            bytes of state files written
 * @param tasks            per task: synchronous pause, asynchronous part, alignment, bytes
 * @param failure          why it was aborted, or null
 */
public record CheckpointStats(long checkpointId, boolean completed, long triggerTimestamp, Duration endToEnd,
                              long bytes, List<Task> tasks, String failure) {

    /** One task's part of a checkpoint. */
    public record Task(int taskIndex, Duration syncPause, Duration asyncPart, Duration alignment, long bytes) {
    }
}
