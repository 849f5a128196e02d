package dev.weir.runtime.metrics;

/**
 * A snapshot of one operator subtask's metrics (Flink's metric names), for JSON views. Made by
 * {@link JobMetrics#operators()} from the scraping thread; the rates are averaged over the last few
 * seconds (see {@link JobMetrics}).
 *
 * @param operatorUid                  the uid state is stored under (the user's, or generated)
 * @param name                         the operator's name
 * @param subtask                      the subtask index, from 0
 * @param numRecordsIn                 records into the operator in the current run (attempt) of the job
 * @param numRecordsOut                records out of the operator in the current run
 * @param busyTimeMsPerSecond          how much of each second the subtask's thread processed (the whole
 *                                     task: every operator of a chain shows its task's figure, as in Flink)
 * @param idleTimeMsPerSecond          how much of each second it waited for input
 * @param backPressuredTimeMsPerSecond how much of each second it waited for space in its output channels
 * @param currentInputWatermark        the last watermark into the operator ({@code Long.MIN_VALUE}: none yet)
 * @param currentOutputWatermark       the last watermark out of the operator ({@code Long.MIN_VALUE}: none yet)
 * @param numLateRecordsDropped        records a window operator dropped as late (0 for other operators)
 */
public record OperatorMetrics(String operatorUid, String name, int subtask, long numRecordsIn, long numRecordsOut,
                              double numRecordsInPerSecond, double numRecordsOutPerSecond,
                              double busyTimeMsPerSecond, double idleTimeMsPerSecond,
                              double backPressuredTimeMsPerSecond, long currentInputWatermark,
                              long currentOutputWatermark, long numLateRecordsDropped) {
}
