package dev.weir.flink.cluster;

import dev.weir.api.CheckpointStats;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobProgress;
import dev.weir.api.JobStatus;
import dev.weir.api.OperatorStats;
import dev.weir.api.dag.Transformation;
import dev.weir.api.spi.JobSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointStatistics;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatistics;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatisticsHeaders;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.metrics.JobMetricsHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.JobMetricsMessageParameters;
import org.apache.flink.runtime.rest.messages.job.metrics.Metric;

/**
 * A Flink job's figures in Weir's shapes, read from the cluster's REST endpoint: progress (records the Flink tasks
 * of the job's sources wrote and those of its sinks read, checkpoints, restarts) and the result. Flink counts records per task (a chain of operators),
 * not per operator: an operator's figures are those of the chain it starts (records in) or ends (records out).
 *
 * <p>Thread-safe: {@link #progress} may be called from any thread; it asks the cluster at most once a second.
 */
final class FlinkJobFigures {

    private static final long REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(900);

    private final RestClusterClient<String> rest;
    private final org.apache.flink.api.common.JobID flinkId;
    private final JobSpec spec;
    private final long startNanos = System.nanoTime();
    private JobProgress last = new JobProgress(0, 0, 0, -1, null, 0);
    private long lastNanos;
    private int restarts;
    /** Records of earlier runs: Flink's task counters start again from 0 after a restart, Weir's go on. */
    private final long[] earlierRuns = new long[2];
    private final long[] lastRaw = new long[2];

    FlinkJobFigures(RestClusterClient<String> rest, org.apache.flink.api.common.JobID flinkId, JobSpec spec) {
        this.rest = rest;
        this.flinkId = flinkId;
        this.spec = spec;
    }

    static JobStatus weirStatus(org.apache.flink.api.common.JobStatus status) {
        return switch (status) {
            case FINISHED -> JobStatus.FINISHED;
            case FAILED -> JobStatus.FAILED;
            case CANCELED -> JobStatus.CANCELED;
            case FAILING, RESTARTING -> JobStatus.RESTARTING;
            default -> JobStatus.RUNNING;
        };
    }

    synchronized Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    synchronized int restarts() {
        return restarts;
    }

    synchronized JobProgress progress(boolean ended) {
        long now = System.nanoTime();
        if (ended || now - lastNanos < REFRESH_NANOS) {
            return last;
        }
        lastNanos = now;
        try {
            JobDetailsInfo details = rest.getJobDetails(flinkId).get(2, TimeUnit.SECONDS);
            CheckpointingStatistics checkpoints = checkpointStatistics();
            readRestarts();
            long in = 0;
            long out = 0;
            for (JobDetailsInfo.JobVertexDetailsInfo vertex : details.getJobVertexInfos()) {
                List<String> chain = chain(vertex.getName());
                if (holds(chain, Transformation.Kind.SOURCE)) {
                    in += vertex.getJobVertexMetrics().getRecordsWritten();
                } else if (holds(chain, Transformation.Kind.SINK)) { // once per task, however many sinks it holds
                    out += vertex.getJobVertexMetrics().getRecordsRead();
                }
            }
            in = overAllRuns(0, in);
            out = overAllRuns(1, out);
            CheckpointStatistics newest = newestCompleted(checkpoints.getHistory());
            last = new JobProgress(in, out, (int) checkpoints.getCounts().getNumberCompletedCheckpoints(),
                    newest == null ? -1 : newest.getId(),
                    newest == null ? null : Duration.ofMillis(newest.getDuration()), restarts);
        } catch (Exception e) {
            // the cluster is busy or the job just ended: the figures of the last call stand
        }
        return last;
    }

    /** {@code raw}, a count of this run, plus the counts of earlier runs (a smaller value than before: a restart). */
    private long overAllRuns(int which, long raw) {
        if (raw < lastRaw[which]) {
            earlierRuns[which] += lastRaw[which];
        }
        lastRaw[which] = raw;
        return earlierRuns[which] + raw;
    }

    /** The result of an ended job: Flink's result with the job's last figures. */
    JobExecutionResult result(JobResult flinkResult) {
        JobStatus status = flinkResult.getJobStatus().map(FlinkJobFigures::weirStatus)
                .orElse(flinkResult.isSuccess() ? JobStatus.FINISHED : JobStatus.FAILED);
        // Flink's stand-in of the failure (class name, message and stack trace as text): never deserialized, as
        // Weir reads no Java-serialized bytes.
        Throwable failure = flinkResult.getSerializedThrowable().map(FlinkJobFigures::userFailure).orElse(null);
        List<CheckpointStats> checkpoints = List.of();
        List<OperatorStats> operators = List.of();
        try {
            checkpoints = checkpointStats(checkpointStatistics().getHistory());
        } catch (Exception e) {
            // no checkpoint statistics for a job that never started
        }
        try {
            operators = operatorStats(rest.getJobDetails(flinkId).get(10, TimeUnit.SECONDS).getJobVertexInfos());
        } catch (Exception e) {
            // no details for a job that never started
        }
        synchronized (this) {
            readRestarts();
            // A failure that ended the job was not followed by a restart.
            restarts = Math.max(restarts, failuresInHistory() - (status == JobStatus.FAILED ? 1 : 0));
            return new JobExecutionResult(spec.jobName(), status, Duration.ofMillis(flinkResult.getNetRuntime()),
                    failure, operators, restarts, checkpoints);
        }
    }

    private CheckpointingStatistics checkpointStatistics() throws Exception {
        JobMessageParameters parameters = CheckpointingStatisticsHeaders.getInstance().getUnresolvedMessageParameters();
        parameters.jobPathParameter.resolve(flinkId);
        return rest.sendRequest(CheckpointingStatisticsHeaders.getInstance(), parameters, EmptyRequestBody.getInstance())
                .get(5, TimeUnit.SECONDS);
    }

    /** The failure under Flink's wrappers ("Recovery is suppressed by ..."): what the job's own code threw. */
    private static Throwable userFailure(org.apache.flink.util.SerializedThrowable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t instanceof org.apache.flink.util.SerializedThrowable serialized
                && serialized.getOriginalErrorClassName().startsWith("org.apache.flink.runtime.")) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The failures in the job's exception history (each was followed by a restart, unless it ended the job): it
     * outlives the job's metrics, which are gone once the job ended.
     */
    private int failuresInHistory() {
        try {
            var parameters = org.apache.flink.runtime.rest.messages.JobExceptionsHeaders.getInstance()
                    .getUnresolvedMessageParameters();
            parameters.jobPathParameter.resolve(flinkId);
            return rest.sendRequest(org.apache.flink.runtime.rest.messages.JobExceptionsHeaders.getInstance(),
                    parameters, EmptyRequestBody.getInstance()).get(5, TimeUnit.SECONDS)
                    .getExceptionHistory().getEntries().size();
        } catch (Exception e) {
            return 0; // no history for a job that never started
        }
    }

    /** Flink's job metric numRestarts, while the job's metrics are there. */
    private void readRestarts() {
        try {
            JobMetricsMessageParameters parameters = JobMetricsHeaders.getInstance().getUnresolvedMessageParameters();
            parameters.jobPathParameter.resolve(flinkId);
            parameters.metricsFilterParameter.resolve(List.of("numRestarts"));
            Collection<Metric> metrics = rest.sendRequest(JobMetricsHeaders.getInstance(), parameters,
                    EmptyRequestBody.getInstance()).get(2, TimeUnit.SECONDS).getMetrics();
            for (Metric metric : metrics) {
                if (metric.getId().equals("numRestarts") && metric.getValue() != null) {
                    restarts = Math.max(restarts, (int) Double.parseDouble(metric.getValue()));
                }
            }
        } catch (Exception e) {
            // metrics are gone once the job ended: the last value read stands
        }
    }

    private static CheckpointStatistics newestCompleted(List<CheckpointStatistics> history) {
        return history.stream().filter(c -> c.getStatus() == CheckpointStatsStatus.COMPLETED && !c.isSavepoint())
                .max(Comparator.comparingLong(CheckpointStatistics::getId)).orElse(null);
    }

    private static List<CheckpointStats> checkpointStats(List<CheckpointStatistics> history) {
        List<CheckpointStats> stats = new ArrayList<>();
        for (CheckpointStatistics c : history) {
            if (c.getStatus() == CheckpointStatsStatus.IN_PROGRESS) {
                continue;
            }
            boolean completed = c.getStatus() == CheckpointStatsStatus.COMPLETED;
            stats.add(new CheckpointStats(c.getId(), completed, c.getTriggerTimestamp(),
                    Duration.ofMillis(c.getDuration()), c.getCheckpointedSize(), List.of(),
                    completed ? null : "failed on Flink"));
        }
        stats.sort(Comparator.comparingLong(CheckpointStats::checkpointId));
        return stats;
    }

    /**
     * One entry per Weir operator, in the job's order: records in of the Flink task it starts, records out of the
     * task it ends (Flink names a task after its chain: "Source: a -> b -> Sink: c").
     */
    private List<OperatorStats> operatorStats(Collection<JobDetailsInfo.JobVertexDetailsInfo> vertices) {
        List<OperatorStats> stats = new ArrayList<>();
        for (Transformation node : spec.plan()) {
            long in = 0;
            long out = 0;
            int parallelism = node.parallelism() > 0 ? node.parallelism() : spec.execution().parallelism();
            for (JobDetailsInfo.JobVertexDetailsInfo vertex : vertices) {
                List<String> chain = chain(vertex.getName());
                int at = indexIn(chain, node.name());
                if (at < 0) {
                    continue;
                }
                parallelism = vertex.getParallelism();
                if (at == 0) {
                    in += vertex.getJobVertexMetrics().getRecordsRead();
                }
                if (at == chain.size() - 1) {
                    out += vertex.getJobVertexMetrics().getRecordsWritten();
                }
            }
            stats.add(new OperatorStats(node.name(), node.uid() == null ? "" : node.uid(), parallelism, in, out));
        }
        return stats;
    }

    private boolean holds(List<String> chain, Transformation.Kind kind) {
        return spec.plan().stream().anyMatch(node -> node.kind() == kind && indexIn(chain, node.name()) >= 0);
    }

    /** Where the operator {@code name} is in a chain; a sink's parts are named "name: Writer", "name: Committer". */
    private static int indexIn(List<String> chain, String name) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).equals(name) || chain.get(i).startsWith(name + ": ")) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> chain(String vertexName) {
        List<String> names = new ArrayList<>();
        for (String part : vertexName.split(" -> ")) {
            String name = part.strip();
            if (name.startsWith("Source: ")) {
                name = name.substring("Source: ".length());
            } else if (name.startsWith("Sink: ")) {
                name = name.substring("Sink: ".length());
            }
            names.add(name);
        }
        return names;
    }
}
