package dev.weir.runtime;

/** Thrown inside a task to unwind it when the job is cancelled or another task failed. */
public final class TaskCancelledException extends RuntimeException {
    public TaskCancelledException() {
        super("task cancelled", null, false, false);
    }
}
