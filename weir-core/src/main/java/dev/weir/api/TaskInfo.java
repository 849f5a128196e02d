package dev.weir.api;

/**
 * Where a function runs: its operator and which parallel subtask ({@code getRuntimeContext().getTaskInfo()}).
 * Immutable for the life of the subtask.
 */
public interface TaskInfo {

    /** The operator's name as given with {@code name(..)}, or its default name. */
    String getTaskName();

    /** Number of key groups: the upper bound for rescaling keyed state. */
    int getMaxNumberOfParallelSubtasks();

    /** Index of this parallel subtask, 0-based. */
    int getIndexOfThisSubtask();

    int getNumberOfParallelSubtasks();

    /**
     * How many times the job was restarted before this run of the subtask: 0 on the first run,
     * 1 after the first restart from a checkpoint, and so on.
     */
    int getAttemptNumber();

    /** The task name with the subtask, for logs: {@code "name (2/4)#0"} (1-based subtask, then the attempt). */
    String getTaskNameWithSubtasks();
}
