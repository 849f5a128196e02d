package dev.weir.web;

import dev.weir.api.JobClient;
import dev.weir.api.JobStatus;
import dev.weir.api.SavepointFormatType;
import dev.weir.runtime.JobExecution;
import dev.weir.runtime.metrics.JobLevelMetrics;
import dev.weir.runtime.metrics.JobMetrics;
import dev.weir.runtime.metrics.OperatorMetrics;
import dev.weir.runtime.monitor.CheckpointStats;
import dev.weir.runtime.monitor.JobException;
import dev.weir.runtime.monitor.JobGraphView;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the REST API reads of one job: the only class that knows the runtime's monitoring accessors
 * ({@link JobExecution}'s graph view, checkpoint history, exceptions and metrics). Every method reads
 * snapshots the runtime keeps for any thread (opaque counters, copies taken under the job's monitor
 * lock), so a request never waits for a task thread. Thread-safe.
 */
final class JobMonitor {
    private final JobClient client;
    private final JobExecution execution;
    private final String id;
    private final JobMetrics metrics;
    /** Epoch ms the job started: the uptime the job's metrics count, taken back from the clock once. */
    private final long startTimestamp;
    private final JobGraphView graph;

    JobMonitor(JobClient client) {
        if (!(client instanceof JobExecution execution)) {
            throw new IllegalArgumentException("the web server monitors jobs run by Weir's local executor (a "
                    + JobExecution.class.getName() + " from StreamExecutionEnvironment.executeAsync()), got "
                    + client.getClass().getName());
        }
        this.client = client;
        this.execution = execution;
        this.id = client.getJobID().toString();
        this.graph = execution.jobGraphView();
        this.metrics = execution.metrics();
        this.startTimestamp = System.currentTimeMillis() - metrics.job().uptime();
    }

    String id() {
        return id;
    }

    String name() {
        return client.getJobName();
    }

    /** The job's status now (the runtime answers at once; a status not there yet reads as RUNNING). */
    String status() {
        JobStatus status = client.getJobStatus().getNow(JobStatus.RUNNING);
        return status.name();
    }

    long startTimestamp() {
        return startTimestamp;
    }

    /** Ms since the job started, frozen once it ended. */
    long uptimeMs() {
        return metrics.job().uptime();
    }

    JobGraphView graph() {
        return graph;
    }

    /** Per operator and subtask, the metrics snapshot of the current (or last) run. */
    List<OperatorMetrics> operators() {
        return metrics.operators();
    }

    /** The job-level figures: checkpoints, restarts, uptime. */
    JobLevelMetrics jobMetrics() {
        return metrics.job();
    }

    /** The checkpoint and savepoint history, oldest first (the last {@value JobExecution#HISTORY}). */
    List<CheckpointStats> checkpoints() {
        return execution.checkpointHistory();
    }

    /** The last failures, newest last. */
    List<JobException> exceptions() {
        return execution.exceptions();
    }

    /** All the job's metrics in Prometheus' text format. */
    String prometheus() {
        return metrics.scrapePrometheus();
    }

    /** Starts a savepoint into {@code directory}; the future completes with its path. */
    CompletableFuture<String> triggerSavepoint(String directory) {
        return client.triggerSavepoint(directory, SavepointFormatType.DEFAULT);
    }

    /** Stops the job with a final savepoint into {@code directory}; the future completes with its path. */
    CompletableFuture<String> stopWithSavepoint(String directory) {
        return client.stopWithSavepoint(false, directory, SavepointFormatType.DEFAULT);
    }
}
