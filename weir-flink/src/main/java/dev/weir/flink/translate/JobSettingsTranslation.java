package dev.weir.flink.translate;

import dev.weir.api.CheckpointConfig;
import dev.weir.api.RestartStrategy;
import dev.weir.api.spi.JobSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the Flink environment the settings of a Weir job: parallelism and key groups, checkpointing (interval,
 * mode, timeout, pause, concurrency, tolerated failures, retained checkpoints, directory), where it restores from,
 * the restart strategy,
 * the watermark interval and buffer timeout; and what every translated job needs on Flink: object reuse on (Weir's
 * functions may not change records they emitted or received), generic types off (records are written by Weir's
 * serializers, never Kryo) and the heap state backend ({@code hashmap}; a job that asked for another backend gets
 * a warning). Called once, before the nodes are translated.
 */
final class JobSettingsTranslation {

    private static final Logger LOG = LoggerFactory.getLogger(JobSettingsTranslation.class);

    /** Weir's heap backend (not public): the one a job on Flink's heap backend loses nothing by. */
    private static final String WEIR_HEAP_BACKEND = "dev.weir.state.HeapStateBackend";

    private JobSettingsTranslation() {
    }

    static void apply(JobSpec spec, StreamExecutionEnvironment env) {
        JobSpec.ExecutionSettings execution = spec.execution();
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.NAME, spec.jobName());
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(execution.autoWatermarkIntervalMillis()));
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        if (spec.stateBackend() != null && !spec.stateBackend().getClass().getName().equals(WEIR_HEAP_BACKEND)) {
            LOG.warn("job '{}' asked for state backend {}; on Flink it runs on Flink's heap backend (hashmap): "
                    + "Flink's RocksDB backend cannot share the class path with Weir's", spec.jobName(),
                    spec.stateBackend().getClass().getSimpleName());
        }
        checkpoints(spec, conf);
        restore(spec, conf);
        restarts(spec.restartStrategy(), conf);
        env.configure(conf);
        if (execution.parallelism() > 0) {
            env.setParallelism(execution.parallelism());
        }
        if (execution.maxParallelism() > 0) {
            env.setMaxParallelism(execution.maxParallelism());
        }
        env.setBufferTimeout(execution.bufferTimeoutMillis());
        // Set on the ExecutionConfig too: configure(..) of an existing environment may leave them as they were.
        env.getConfig().enableObjectReuse();
        env.getConfig().setAutoWatermarkInterval(execution.autoWatermarkIntervalMillis());
    }

    /** Where Flink keeps this job's checkpoints: {@code <checkpoint directory>/<job name>/flink}, or null. */
    static Path flinkCheckpoints(JobSpec spec) {
        Path directory = spec.checkpoints() == null ? null : spec.checkpoints().getDirectory();
        return directory == null ? null : directory.toAbsolutePath().resolve(spec.jobName()).resolve("flink");
    }

    private static void checkpoints(JobSpec spec, Configuration conf) {
        CheckpointConfig checkpoints = spec.checkpoints();
        if (checkpoints == null || !checkpoints.isCheckpointingEnabled()) {
            return;
        }
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(checkpoints.getCheckpointInterval()));
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                checkpoints.getCheckpointingConsistencyMode() == dev.weir.api.CheckpointingMode.AT_LEAST_ONCE
                        ? org.apache.flink.core.execution.CheckpointingMode.AT_LEAST_ONCE
                        : org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMillis(checkpoints.getCheckpointTimeout()));
        conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS,
                Duration.ofMillis(checkpoints.getMinPauseBetweenCheckpoints()));
        conf.set(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS, checkpoints.getMaxConcurrentCheckpoints());
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, checkpoints.getTolerableCheckpointFailureNumber());
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, checkpoints.getRetainedCheckpoints());
        if (checkpoints.getDirectory() != null) {
            // Beside the local runtime's checkpoints of the job, kept when the job fails or is cancelled, so a
            // later run can restore them ("latest" or a path), as on the local runtime.
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, flinkCheckpoints(spec).toUri().toString());
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        if (checkpoints.getSavepointDirectory() != null) {
            conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY,
                    checkpoints.getSavepointDirectory().toAbsolutePath().toUri().toString());
        }
    }

    /**
     * A restore: the path of a Flink checkpoint or savepoint as Flink's savepoint path; {@code "latest"} as the
     * newest completed Flink checkpoint of this job under its checkpoint directory.
     */
    private static void restore(JobSpec spec, Configuration conf) {
        JobSpec.RestoreSettings restore = spec.restore();
        if (restore == null || restore.from() == null || restore.startFresh()) {
            return;
        }
        Path from = restore.from().equals("latest") ? latestCheckpoint(spec)
                : restore.from().startsWith("file:") ? Path.of(java.net.URI.create(restore.from()))
                : Path.of(restore.from());
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, from.toAbsolutePath().toUri().toString());
        conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, restore.allowNonRestoredState());
        LOG.info("job '{}' starts on Flink from checkpoint {}", spec.jobName(), from);
    }

    private static Path latestCheckpoint(JobSpec spec) {
        Path directory = flinkCheckpoints(spec);
        if (directory == null) {
            throw new IllegalArgumentException("job '" + spec.jobName() + "' restores from the latest checkpoint but "
                    + "has no checkpoint directory: set getCheckpointConfig().setDirectory(..)");
        }
        Path latest = null;
        long latestTime = Long.MIN_VALUE;
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.find(directory, 3, (path, attributes) ->
                    path.getFileName().toString().equals("_metadata")
                            && path.getParent().getFileName().toString().startsWith("chk-"))) {
                for (Path metadata : (Iterable<Path>) files::iterator) {
                    long time = Files.getLastModifiedTime(metadata).toMillis();
                    if (time > latestTime) {
                        latestTime = time;
                        latest = metadata.getParent();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot look for the latest checkpoint of job '" + spec.jobName()
                        + "' in " + directory, e);
            }
        }
        if (latest == null) {
            throw new IllegalArgumentException("job '" + spec.jobName() + "' restores from the latest checkpoint, but "
                    + directory + " holds no completed Flink checkpoint of it: start it without restore, or give "
                    + "the path of a checkpoint (chk-<n>) or savepoint");
        }
        return latest;
    }

    private static void restarts(RestartStrategy strategy, Configuration conf) {
        if (strategy == null || strategy instanceof RestartStrategy.None) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else if (strategy instanceof RestartStrategy.FixedDelay fixed) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, fixed.maxAttempts());
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, fixed.delay());
        } else if (strategy instanceof RestartStrategy.ExponentialBackoff backoff) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, backoff.maxAttempts());
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, backoff.initial());
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, backoff.max());
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
                    backoff.multiplier());
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.0);
        }
    }
}
