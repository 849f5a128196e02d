package dev.weir.flink.translate;

import dev.weir.api.CheckpointConfig;
import dev.weir.api.RestartStrategy;
import dev.weir.api.spi.JobSpec;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the Flink environment the settings of a Weir job: parallelism and key groups, checkpointing (interval,
 * mode, timeout, pause, concurrency, tolerated failures, retained checkpoints, directory), the restart strategy,
 * the watermark interval and buffer timeout; and what every translated job needs on Flink: object reuse on (Weir's
 * functions may not change records they emitted or received), generic types off (records are written by Weir's
 * serializers, never Kryo) and the heap state backend ({@code hashmap}; a job that asked for another backend gets
 * a warning). Called once, before the nodes are translated.
 */
final class JobSettingsTranslation {

    private static final Logger LOG = LoggerFactory.getLogger(JobSettingsTranslation.class);

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
        if (spec.stateBackend() != null) {
            LOG.warn("job '{}' asked for state backend {}; on Flink it runs on Flink's heap backend (hashmap): "
                    + "Flink's RocksDB backend cannot share the class path with Weir's", spec.jobName(),
                    spec.stateBackend().getClass().getSimpleName());
        }
        checkpoints(spec.checkpoints(), conf);
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

    private static void checkpoints(CheckpointConfig checkpoints, Configuration conf) {
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
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    checkpoints.getDirectory().toAbsolutePath().toUri().toString());
        }
        if (checkpoints.getSavepointDirectory() != null) {
            conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY,
                    checkpoints.getSavepointDirectory().toAbsolutePath().toUri().toString());
        }
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
