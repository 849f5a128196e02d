package dev.weir.api;

import dev.weir.api.configuration.CheckpointingOptions;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.ReadableConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@link CheckpointingOptions} a configuration sets, read before any is applied (see
 * {@link EnvironmentOptions}), and a {@link CheckpointConfig} written back as options.
 */
record CheckpointSettings(Optional<String> directory, Optional<Duration> interval, Optional<CheckpointingMode> mode,
                          Optional<Duration> timeout, Optional<Duration> minPause, Optional<Integer> maxConcurrent,
                          Optional<Integer> tolerableFailures, Optional<Integer> retained,
                          Optional<String> savepointDirectory) {

    static CheckpointSettings read(ReadableConfig config) {
        return new CheckpointSettings(config.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY),
                config.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL),
                config.getOptional(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE),
                config.getOptional(CheckpointingOptions.CHECKPOINTING_TIMEOUT),
                config.getOptional(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS),
                config.getOptional(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS),
                config.getOptional(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER),
                config.getOptional(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS),
                config.getOptional(CheckpointingOptions.SAVEPOINT_DIRECTORY));
    }

    void applyTo(ReadableConfig config, CheckpointConfig checkpoints) {
        directory.ifPresent(d -> EnvironmentOptions.set(config, CheckpointingOptions.CHECKPOINTS_DIRECTORY, d,
                () -> checkpoints.setDirectory(d)));
        interval.ifPresent(i -> EnvironmentOptions.set(config, CheckpointingOptions.CHECKPOINTING_INTERVAL, i,
                () -> checkpoints.setCheckpointInterval(i.toMillis())));
        mode.ifPresent(checkpoints::setCheckpointingConsistencyMode);
        timeout.ifPresent(t -> EnvironmentOptions.set(config, CheckpointingOptions.CHECKPOINTING_TIMEOUT, t,
                () -> checkpoints.setCheckpointTimeout(t.toMillis())));
        minPause.ifPresent(p -> EnvironmentOptions.set(config, CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, p,
                () -> checkpoints.setMinPauseBetweenCheckpoints(p.toMillis())));
        maxConcurrent.ifPresent(m -> EnvironmentOptions.set(config, CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS, m,
                () -> checkpoints.setMaxConcurrentCheckpoints(m)));
        tolerableFailures.ifPresent(n -> EnvironmentOptions.set(config, CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, n,
                () -> checkpoints.setTolerableCheckpointFailureNumber(n)));
        retained.ifPresent(n -> EnvironmentOptions.set(config, CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, n,
                () -> checkpoints.setRetainedCheckpoints(n)));
        savepointDirectory.ifPresent(d -> EnvironmentOptions.set(config, CheckpointingOptions.SAVEPOINT_DIRECTORY, d,
                () -> checkpoints.setSavepointDirectory(d)));
    }

    static void write(CheckpointConfig checkpoints, Configuration config) {
        if (checkpoints.isCheckpointingEnabled()) {
            config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(checkpoints.getCheckpointInterval()));
        }
        if (checkpoints.getDirectory() != null) {
            config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.getDirectory().toString());
        }
        config.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, checkpoints.getCheckpointingConsistencyMode());
        config.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMillis(checkpoints.getCheckpointTimeout()));
        config.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS,
                Duration.ofMillis(checkpoints.getMinPauseBetweenCheckpoints()));
        config.set(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS, checkpoints.getMaxConcurrentCheckpoints());
        config.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, checkpoints.getTolerableCheckpointFailureNumber());
        config.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, checkpoints.getRetainedCheckpoints());
        if (checkpoints.getSavepointDirectory() != null) {
            config.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, checkpoints.getSavepointDirectory().toString());
        }
    }
}
