package dev.weir.runtime;

import dev.weir.api.CheckpointConfig;
import java.time.Duration;

/**
 * How often the job checkpoints and how long a checkpoint may take, as functions see it (a
 * transactional sink checks its transaction timeout or its database's limit of prepared transactions
 * against these). {@link #OFF} without checkpoints.
 */
public record CheckpointTiming(Duration interval, Duration timeout, int maxConcurrent) {
    public static final CheckpointTiming OFF = new CheckpointTiming(Duration.ZERO, Duration.ZERO, 0);

    public static CheckpointTiming of(CheckpointConfig config) {
        return config == null ? OFF : new CheckpointTiming(Duration.ofMillis(config.getCheckpointInterval()),
                Duration.ofMillis(config.getCheckpointTimeout()), config.getMaxConcurrentCheckpoints());
    }

    public boolean enabled() {
        return !interval.isZero();
    }
}
