package dev.weir.runtime.metrics;

/**
 * A snapshot of a job's own metrics (Flink's names), for JSON views; made by {@link JobMetrics#job()}.
 *
 * @param numberOfCompletedCheckpoints checkpoints completed over the job's life (all runs)
 * @param numberOfFailedCheckpoints    checkpoints aborted or declined over the job's life
 * @param lastCheckpointDuration       ms from trigger to completion of the newest completed checkpoint (-1: none)
 * @param lastCheckpointSize           bytes of state files it wrote (-1: none)
 * @param lastCheckpointAlignmentMs    the longest barrier alignment of a task in it, ms (-1: none)
 * @param numRestarts                  restarts by the restart strategy so far
 * @param uptime                       ms since the job started; frozen when it ended
 */
public record JobLevelMetrics(long numberOfCompletedCheckpoints, long numberOfFailedCheckpoints,
                              long lastCheckpointDuration, long lastCheckpointSize, long lastCheckpointAlignmentMs,
                              long numRestarts, long uptime) {
}
