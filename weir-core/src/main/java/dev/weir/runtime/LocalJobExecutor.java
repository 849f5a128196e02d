package dev.weir.runtime;

import dev.weir.api.JobClient;
import dev.weir.api.spi.JobExecutor;
import dev.weir.api.spi.JobSpec;
import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.checkpoint.CheckpointToRestore;
import dev.weir.checkpoint.CompletedCheckpoint;
import dev.weir.checkpoint.JobDirectoryLock;
import dev.weir.graph.JobGraph;
import dev.weir.graph.JobGraphBuilder;
import dev.weir.graph.SerializerCheck;
import dev.weir.state.KeyedStateBackendFactory;
import dev.weir.state.serialization.Serializers;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Weir's own engine: runs a job in this JVM, one thread per parallel subtask. Before anything
 * starts it builds and checks the job graph and its serializers, locks the job's checkpoint
 * directory, chooses the checkpoint to restore and sets up the first run; only then does it record
 * the start in the job's trace (reserving checkpoint ids) and clean up after a crashed predecessor.
 */
public final class LocalJobExecutor implements JobExecutor {

    @Override
    public JobClient executeAsync(JobSpec job) {
        JobGraph graph = JobGraphBuilder.build(job);
        Serializers serializers = new Serializers(job.serializers());
        SerializerCheck.check(graph.transformations(), serializers);
        var checkpoints = job.checkpoints();
        CheckpointStorage storage = checkpoints.getDirectory() == null ? null
                : new CheckpointStorage(checkpoints.getDirectory(), job.jobName());
        if (checkpoints.isCheckpointingEnabled() && storage == null) {
            throw new IllegalArgumentException("checkpointing is enabled but option checkpoint directory is not "
                    + "set: call getCheckpointConfig().setDirectory(..) or set option "
                    + dev.weir.api.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY.key());
        }
        JobDirectoryLock lock = storage == null ? null : storage.lock();
        try {
            CompletedCheckpoint restore = CheckpointToRestore.choose(job.jobName(), job.restore(), storage,
                    checkpoints.getDirectory());
            JobSpec.ExecutionSettings execution = job.execution();
            LocalJobRun.RunSettings settings = new LocalJobRun.RunSettings(
                    new LocalJobRun.ChannelSettings(execution.batchSize(), execution.channelCapacity(),
                            execution.bufferTimeoutMillis()),
                    checkpoints.isCheckpointingEnabled() ? checkpoints : null, storage, restore,
                    job.restore().allowNonRestoredState(), serializers, job.faultInjector(), 0,
                    stateBackend(job), execution.autoWatermarkIntervalMillis(),
                    execution.fireProcessingTimersAtEndOfInput());
            JobExecution jobExecution = new JobExecution(graph, settings, job.restartStrategy(), lock); // checks the restore
            if (storage != null && checkpoints.isCheckpointingEnabled()) {
                storage.recordStart(jobExecution.firstCheckpointId(), restore == null);
                storage.discardIncomplete(); // leftovers of a crashed process: never referenced by a checkpoint
                storage.deleteUnreferencedSharedFiles(java.util.Set.of()); // and its incremental uploads
            }
            return jobExecution.start();
        } catch (IOException e) {
            abandon(lock);
            throw new UncheckedIOException("cannot prepare checkpoint directory " + storage.jobDirectory()
                    + " of job '" + job.jobName() + "': " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            abandon(lock);
            throw e;
        }
    }

    private static KeyedStateBackendFactory stateBackend(JobSpec job) {
        if (job.stateBackend() == null) {
            return KeyedStateBackendFactory.heap();
        }
        if (job.stateBackend() instanceof KeyedStateBackendFactory factory) {
            return factory;
        }
        throw new IllegalArgumentException("state backend " + job.stateBackend().getClass().getName()
                + " cannot run on Weir's local runtime: use the heap (the default) or RocksDBStateBackend");
    }

    private static void abandon(JobDirectoryLock lock) {
        if (lock != null) {
            lock.abandon();
        }
    }
}
