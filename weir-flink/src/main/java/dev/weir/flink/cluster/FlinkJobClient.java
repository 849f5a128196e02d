package dev.weir.flink.cluster;

import dev.weir.api.CheckpointStats;
import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobID;
import dev.weir.api.JobProgress;
import dev.weir.api.JobStatus;
import dev.weir.api.SavepointFormatType;
import dev.weir.api.spi.EngineWebInterface;
import dev.weir.api.spi.JobSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Weir {@link JobClient} over a job running on a Flink cluster, through the cluster's REST endpoint: status,
 * cancel, savepoints, progress (records, checkpoints, restarts as far as Flink's REST gives them) and the result.
 * When the job has ended, a thread of its own reads the final figures and closes the cluster if it was started
 * for the job ({@link FlinkCluster#close()}).
 *
 * <p>Thread-safe, as the interface asks; {@link #cluster()} and {@link #getWebInterfaceURL()} are Weir's additions
 * for tools and tests.
 */
public final class FlinkJobClient implements JobClient, EngineWebInterface {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkJobClient.class);
    /** How long a JVM exit waits for the cancelled job to end. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final JobSpec spec;
    private final org.apache.flink.api.common.JobID flinkId;
    private final FlinkCluster cluster;
    private final RestClusterClient<String> rest;
    private final FlinkJobFigures figures;
    private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
    private final Thread shutdownHook;

    FlinkJobClient(JobSpec spec, org.apache.flink.api.common.JobID flinkId, FlinkCluster cluster,
                   RestClusterClient<String> rest) {
        this.spec = spec;
        this.flinkId = flinkId;
        this.cluster = cluster;
        this.rest = rest;
        this.figures = new FlinkJobFigures(rest, flinkId, spec);
        this.shutdownHook = new Thread(this::cancelOnExit, "weir-flink-stop: " + spec.jobName());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Thread waiter = new Thread(this::awaitEnd, "weir-flink-result: " + spec.jobName());
        waiter.setDaemon(true);
        waiter.start();
    }

    /** The cluster the job runs on. */
    public FlinkCluster cluster() {
        return cluster;
    }

    /** Flink's web UI of the job's cluster. */
    @Override
    public String getWebInterfaceURL() {
        return cluster.webInterfaceUrl();
    }

    @Override
    public JobID getJobID() {
        return new JobID(flinkId.getLowerPart(), flinkId.getUpperPart());
    }

    @Override
    public String getJobName() {
        return spec.jobName();
    }

    @Override
    public CompletableFuture<JobStatus> getJobStatus() {
        if (result.isDone()) {
            return CompletableFuture.completedFuture(result.join().status());
        }
        return rest.getJobStatus(flinkId).thenApply(FlinkJobFigures::weirStatus)
                .exceptionally(e -> result.isDone() ? result.join().status() : JobStatus.RUNNING);
    }

    @Override
    public CompletableFuture<Void> cancel() {
        if (!result.isDone()) {
            rest.cancel(flinkId).exceptionally(e -> {
                LOG.debug("cancel of Flink job {} not accepted (it may have ended)", flinkId, e);
                return null;
            });
        }
        return result.thenApply(r -> null);
    }

    @Override
    public CompletableFuture<String> triggerSavepoint(String savepointDirectory, SavepointFormatType formatType) {
        return rest.triggerSavepoint(flinkId, savepointDirectory, flinkFormat(formatType));
    }

    @Override
    public CompletableFuture<String> stopWithSavepoint(boolean advanceToEndOfEventTime, String savepointDirectory,
                                                       SavepointFormatType formatType) {
        return rest.stopWithSavepoint(flinkId, advanceToEndOfEventTime, savepointDirectory, flinkFormat(formatType));
    }

    @Override
    public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
        return result.thenApply(JobExecutionResult::orThrow);
    }

    @Override
    public JobProgress getProgress() {
        return figures.progress(result.isDone());
    }

    @Override
    public JobExecutionResult awaitResult() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the result of Flink job " + flinkId, e.getCause());
        }
    }

    @Override
    public JobExecutionResult awaitResult(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the result of Flink job " + flinkId, e.getCause());
        }
    }

    private void awaitEnd() {
        JobExecutionResult ended;
        try {
            JobResult flinkResult = rest.requestJobResult(flinkId).get();
            ended = figures.result(flinkResult);
        } catch (Throwable e) {
            Throwable cause = e instanceof ExecutionException || e instanceof CompletionException ? e.getCause() : e;
            String logs = cluster.logLocation();
            ended = new JobExecutionResult(spec.jobName(), JobStatus.FAILED, figures.elapsed(),
                    new IllegalStateException("lost Flink job " + flinkId + " on the " + cluster.kind()
                            + " cluster at " + cluster.webInterfaceUrl() + ": " + cause
                            + (logs.isEmpty() ? "" : "; logs: " + logs), cause),
                    List.of(), figures.restarts(), List.<CheckpointStats>of());
        }
        if (ended.status() == JobStatus.FAILED) {
            cluster.keepLogs();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs: it waits for this result
        }
        try {
            rest.close();
        } finally {
            cluster.close();
            result.complete(ended);
        }
    }

    /**
     * This JVM exits while the job runs: cancels the job, so that its cluster stops after it (the cluster's
     * processes end with this JVM anyway, see {@link ClusterProcess}), and waits a while for that.
     */
    private void cancelOnExit() {
        try {
            cancel().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("job '{}' on Flink did not stop within {} s of this JVM's exit; its cluster is stopped",
                    spec.jobName(), STOP_TIMEOUT.toSeconds());
            cluster.close();
        }
    }

    private static org.apache.flink.core.execution.SavepointFormatType flinkFormat(SavepointFormatType format) {
        return format == SavepointFormatType.NATIVE ? org.apache.flink.core.execution.SavepointFormatType.NATIVE
                : org.apache.flink.core.execution.SavepointFormatType.CANONICAL;
    }
}
