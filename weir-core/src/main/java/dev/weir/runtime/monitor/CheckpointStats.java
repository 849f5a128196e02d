package dev.weir.runtime.monitor;

/**
 * One checkpoint or savepoint of a running job, for monitoring (REST, dashboard). Immutable.
 *
 * @param id               the checkpoint id
 * @param kind             checkpoint or savepoint
 * @param status           in progress, completed or failed
 * @param triggerTimestamp when it was triggered (epoch ms)
 * @param durationMs       trigger to completion or failure; up to now while in progress
 * @param stateSize        bytes of state it holds (shared files included)
 * @param incrementalSize  bytes written by this checkpoint
 * @param alignmentMs      the longest barrier alignment of its tasks
 * @param failureMessage   why it failed, or null
 * @param path             its directory once completed, or null
 */
public record CheckpointStats(long id, Kind kind, Status status, long triggerTimestamp, long durationMs,
                              long stateSize, long incrementalSize, long alignmentMs, String failureMessage,
                              String path) {

    public enum Kind { CHECKPOINT, SAVEPOINT }

    public enum Status { IN_PROGRESS, COMPLETED, FAILED }
}
