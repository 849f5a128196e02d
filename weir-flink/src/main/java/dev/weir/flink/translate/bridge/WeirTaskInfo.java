package dev.weir.flink.translate.bridge;

import dev.weir.api.TaskInfo;

/**
 * Weir's task info over Flink's: the subtask's index, parallelism and attempt are Flink's; the task name is Flink's
 * ({@link #of}) or one the caller gives ({@link #named}, for sinks, whose Flink task is a chain of operators).
 */
public final class WeirTaskInfo implements TaskInfo {

    private final org.apache.flink.api.common.TaskInfo flink;
    private final String taskName;

    private WeirTaskInfo(org.apache.flink.api.common.TaskInfo flink, String taskName) {
        this.flink = flink;
        this.taskName = taskName;
    }

    /** Flink's task info under Flink's task name. */
    public static WeirTaskInfo of(org.apache.flink.api.common.TaskInfo flink) {
        return new WeirTaskInfo(flink, null);
    }

    /** Flink's task info under {@code taskName}. */
    public static WeirTaskInfo named(org.apache.flink.api.common.TaskInfo flink, String taskName) {
        return new WeirTaskInfo(flink, taskName);
    }

    @Override
    public String getTaskName() {
        return taskName == null ? flink.getTaskName() : taskName;
    }

    @Override
    public int getMaxNumberOfParallelSubtasks() {
        return flink.getMaxNumberOfParallelSubtasks();
    }

    @Override
    public int getIndexOfThisSubtask() {
        return flink.getIndexOfThisSubtask();
    }

    @Override
    public int getNumberOfParallelSubtasks() {
        return flink.getNumberOfParallelSubtasks();
    }

    @Override
    public int getAttemptNumber() {
        return flink.getAttemptNumber();
    }

    @Override
    public String getTaskNameWithSubtasks() {
        return taskName == null ? flink.getTaskNameWithSubtasks()
                : taskName + " (" + (flink.getIndexOfThisSubtask() + 1) + "/" + flink.getNumberOfParallelSubtasks() + ")";
    }
}
