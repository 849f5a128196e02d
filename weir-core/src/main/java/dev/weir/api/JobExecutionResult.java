package dev.weir.api;

import java.time.Duration;
import java.util.List;

/**
 * How a job ended: what {@code execute()} returns for a finished job, what {@code JobClient.awaitResult()}
 * returns for any ended job, and what {@link JobExecutionException#getJobResult()} holds.
 *
 * @param jobName      the job's name
 * @param status       finished, failed or cancelled
 * @param duration     from the start of the job's tasks to the end of the last one
 * @param failureCause the first failure (naming operator, subtask and record where known), or null
 * @param operators    record counts per operator, including the records its error policy skipped or
 *                     dead-lettered, in the order the job defined them (of the last run when the job
 *                     was restarted)
 * @param restarts     how many times the job was restarted after a failure
 * @param checkpoints  every checkpoint triggered, completed or aborted, over all runs
 */
public record JobExecutionResult(String jobName, JobStatus status, Duration duration, Throwable failureCause,
                        List<OperatorStats> operators, int restarts, List<CheckpointStats> checkpoints) {

    /** The checkpoints that completed. */
    public List<CheckpointStats> completedCheckpoints() {
        return checkpoints.stream().filter(CheckpointStats::completed).toList();
    }

    public boolean isSuccess() {
        return status == JobStatus.FINISHED;
    }

    /** Returns this result if the job finished, else throws with the failure as the cause. */
    public JobExecutionResult orThrow() {
        if (status != JobStatus.FINISHED) {
            throw new JobExecutionException(this, "job '" + jobName + "' " + status.name().toLowerCase()
                    + (failureCause == null ? "" : ": " + failureCause.getMessage()), failureCause);
        }
        return this;
    }

    /** Milliseconds the job ran (as Flink's {@code getNetRuntime}). */
    public long getNetRuntime() {
        return duration.toMillis();
    }

    /** The time the job ran, in {@code unit}. */
    public long getNetRuntime(java.util.concurrent.TimeUnit unit) {
        return unit.convert(duration);
    }

    public String getJobName() {
        return jobName;
    }

    /** Records skipped by error policies, over all operators (of the last run). */
    public long skippedRecords() {
        return operators.stream().mapToLong(OperatorStats::skipped).sum();
    }

    /** Records sent to dead-letter outputs, over all operators (of the last run). */
    public long deadLetteredRecords() {
        return operators.stream().mapToLong(OperatorStats::deadLettered).sum();
    }

    /** The stats of the operator with this name; fails if no operator or several have it. */
    public OperatorStats operator(String name) {
        List<OperatorStats> matches = operators.stream().filter(o -> o.name().equals(name)).toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException((matches.isEmpty() ? "no operator" : "several operators")
                    + " named '" + name + "' in job '" + jobName + "'; operators: "
                    + operators.stream().map(OperatorStats::name).toList());
        }
        return matches.get(0);
    }
}
