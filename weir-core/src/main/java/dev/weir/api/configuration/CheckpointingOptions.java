package dev.weir.api.configuration;

import dev.weir.api.CheckpointingMode;
import java.time.Duration;

/**
 * Checkpoint options (Flink's name and keys), applied to the environment's
 * {@code CheckpointConfig}. Checkpointing is on when {@link #CHECKPOINTING_INTERVAL} is set; Weir
 * then also needs {@link #CHECKPOINTS_DIRECTORY}.
 */
public class CheckpointingOptions {

    /** Where checkpoints are written: a local path or a {@code file:} URI. */
    public static final ConfigOption<String> CHECKPOINTS_DIRECTORY = ConfigOptions.key("execution.checkpointing.dir")
            .stringType().noDefaultValue()
            .withDescription("Where checkpoints are written: a local path or a file: URI.")
            .withDeprecatedKeys("state.checkpoints.dir", "state.backend.fs.checkpointdir");

    /** Where savepoints go when none is named: a local path or a {@code file:} URI. */
    public static final ConfigOption<String> SAVEPOINT_DIRECTORY = ConfigOptions.key("execution.checkpointing.savepoint-dir")
            .stringType().noDefaultValue()
            .withDescription("The default directory of savepoints: a local path or a file: URI.")
            .withDeprecatedKeys("state.savepoints.dir");

    /** Time between checkpoint starts; setting it turns checkpointing on. */
    public static final ConfigOption<Duration> CHECKPOINTING_INTERVAL = ConfigOptions.key("execution.checkpointing.interval")
            .durationType().noDefaultValue()
            .withDescription("Time between checkpoint starts; setting it turns checkpointing on.");

    /** Exactly-once (barriers aligned, the default) or at-least-once. */
    public static final ConfigOption<CheckpointingMode> CHECKPOINTING_CONSISTENCY_MODE =
            ConfigOptions.key("execution.checkpointing.mode")
                    .enumType(CheckpointingMode.class).defaultValue(CheckpointingMode.EXACTLY_ONCE)
                    .withDescription("EXACTLY_ONCE (barriers aligned) or AT_LEAST_ONCE.");

    /** A checkpoint not complete after this long is aborted (default 10 min). */
    public static final ConfigOption<Duration> CHECKPOINTING_TIMEOUT = ConfigOptions.key("execution.checkpointing.timeout")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("A checkpoint not complete after this long is aborted.");

    /** Least time between the end of one checkpoint and the start of the next (default 0). */
    public static final ConfigOption<Duration> MIN_PAUSE_BETWEEN_CHECKPOINTS =
            ConfigOptions.key("execution.checkpointing.min-pause")
                    .durationType().defaultValue(Duration.ZERO)
                    .withDescription("Least time between the end of one checkpoint and the start of the next.");

    /** Checkpoints that may be in progress at once (default 1). */
    public static final ConfigOption<Integer> MAX_CONCURRENT_CHECKPOINTS =
            ConfigOptions.key("execution.checkpointing.max-concurrent-checkpoints")
                    .intType().defaultValue(1)
                    .withDescription("Checkpoints that may be in progress at once.");

    /** Failed checkpoints in a row the job runs on through (default 0: the first fails the job). */
    public static final ConfigOption<Integer> TOLERABLE_FAILURE_NUMBER =
            ConfigOptions.key("execution.checkpointing.tolerable-failed-checkpoints")
                    .intType().defaultValue(0)
                    .withDescription("Failed checkpoints in a row the job runs on through.");

    /** Completed checkpoints kept on disk (Weir's default 2; Flink's is 1). */
    public static final ConfigOption<Integer> MAX_RETAINED_CHECKPOINTS =
            ConfigOptions.key("execution.checkpointing.num-retained")
                    .intType().defaultValue(2)
                    .withDescription("Completed checkpoints kept on disk; older ones are deleted.")
                    .withDeprecatedKeys("state.checkpoints.num-retained");

    /**
     * Whether the RocksDB backend uploads only new files per checkpoint (Weir's default true; Flink's is
     * false). The heap backend ignores it.
     */
    public static final ConfigOption<Boolean> INCREMENTAL_CHECKPOINTS =
            ConfigOptions.key("execution.checkpointing.incremental")
                    .booleanType().defaultValue(true)
                    .withDescription("Whether the rocksdb backend uploads only new files per checkpoint.")
                    .withDeprecatedKeys("state.backend.incremental");

    CheckpointingOptions() {
    }

    /** Whether {@code config} turns checkpointing on (sets a positive interval). */
    public static boolean isCheckpointingEnabled(Configuration config) {
        return config.getOptional(CHECKPOINTING_INTERVAL).map(interval -> !interval.isZero()).orElse(false);
    }

    /** The consistency mode {@code config} asks for. */
    public static CheckpointingMode getCheckpointingMode(Configuration config) {
        return config.get(CHECKPOINTING_CONSISTENCY_MODE);
    }
}
