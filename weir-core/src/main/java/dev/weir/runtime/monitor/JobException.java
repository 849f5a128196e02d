package dev.weir.runtime.monitor;

/**
 * One failure of a running job (a run that failed, or a checkpoint's failure that failed the job),
 * for monitoring. Immutable.
 *
 * @param timestamp  when it happened (epoch ms)
 * @param operator   the operator (name) it happened in, or null when not an operator's
 * @param subtask    the subtask index, or -1
 * @param message    the failure's message
 * @param stackTrace the failure's stack trace as text
 */
public record JobException(long timestamp, String operator, int subtask, String message, String stackTrace) {
}
