package dev.weir.api;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Checkpoint settings of a job (see {@link StreamEnvironment#enableCheckpointing}). Checkpoints are
 * written to {@code <directory>/<job name>/chk-<n>/}; a checkpoint is complete once its
 * {@code _metadata} file is durable. Defaults: exactly-once, 10 min timeout, no minimum pause,
 * one checkpoint at a time, no tolerated failures, two retained checkpoints.
 */
public final class CheckpointConfig {
    private Duration interval;
    private CheckpointingMode mode = CheckpointingMode.EXACTLY_ONCE;
    private Duration timeout = Duration.ofMinutes(10);
    private Duration minPauseBetweenCheckpoints = Duration.ZERO;
    private int maxConcurrentCheckpoints = 1;
    private int tolerableFailedCheckpoints;
    private int retainedCheckpoints = 2;
    private Path directory;

    CheckpointConfig() {
    }

    public boolean isEnabled() {
        return interval != null;
    }

    public Duration getInterval() {
        return interval;
    }

    CheckpointConfig setInterval(Duration interval) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("option checkpoint interval must be positive, was " + interval);
        }
        this.interval = interval;
        return this;
    }

    public CheckpointingMode getMode() {
        return mode;
    }

    public CheckpointConfig setMode(CheckpointingMode mode) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    public Duration getTimeout() {
        return timeout;
    }

    /** A checkpoint not complete after this long is aborted. */
    public CheckpointConfig setTimeout(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("option checkpoint timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    public Duration getMinPauseBetweenCheckpoints() {
        return minPauseBetweenCheckpoints;
    }

    /** Least time between the end of one checkpoint and the start of the next. */
    public CheckpointConfig setMinPauseBetweenCheckpoints(Duration pause) {
        if (pause.isNegative()) {
            throw new IllegalArgumentException("option minPauseBetweenCheckpoints must not be negative");
        }
        this.minPauseBetweenCheckpoints = pause;
        return this;
    }

    public int getMaxConcurrentCheckpoints() {
        return maxConcurrentCheckpoints;
    }

    public CheckpointConfig setMaxConcurrentCheckpoints(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("option maxConcurrentCheckpoints must be at least 1, was " + max);
        }
        this.maxConcurrentCheckpoints = max;
        return this;
    }

    public int getTolerableFailedCheckpoints() {
        return tolerableFailedCheckpoints;
    }

    /**
     * Consecutive failed checkpoints tolerated before the job fails, as Flink's
     * {@code tolerableCheckpointFailureNumber}. Default 0: the first failed checkpoint fails the
     * job, and the restart strategy decides whether it restarts from the last completed checkpoint.
     * A checkpoint fails when a task declines it (its state files cannot be written, e.g. the
     * checkpoint disk is full), when it times out, or when its metadata cannot be written. With
     * {@code n > 0} the job keeps running through up to {@code n} failures in a row (a full
     * checkpoint disk that is freed meanwhile costs nothing but later commits): sinks commit the
     * output of the failed checkpoints with the next one that completes, so nothing is lost or
     * doubled, but until then no output becomes visible and a crash replays from the last completed
     * checkpoint. A full output disk is not a checkpoint failure: the file sink fails its task.
     * CLI: {@code --tolerable-failed-checkpoints N}.
     */
    public CheckpointConfig setTolerableFailedCheckpoints(int tolerable) {
        if (tolerable < 0) {
            throw new IllegalArgumentException("option tolerableFailedCheckpoints must not be negative");
        }
        this.tolerableFailedCheckpoints = tolerable;
        return this;
    }

    public int getRetainedCheckpoints() {
        return retainedCheckpoints;
    }

    /**
     * Completed checkpoints kept on disk (default 2); older ones are deleted once subsumed. Fewer
     * need less disk. CLI: {@code --retained-checkpoints N}.
     */
    public CheckpointConfig setRetainedCheckpoints(int retained) {
        if (retained < 1) {
            throw new IllegalArgumentException("option retainedCheckpoints must be at least 1, was " + retained);
        }
        this.retainedCheckpoints = retained;
        return this;
    }

    public Path getDirectory() {
        return directory;
    }

    /** Where checkpoints are written: a local path or a {@code file:} URI. */
    public CheckpointConfig setDirectory(Path directory) {
        this.directory = java.util.Objects.requireNonNull(directory, "option checkpoint directory");
        return this;
    }

    /** Where checkpoints are written: a local path or a {@code file:} URI. */
    public CheckpointConfig setDirectory(String directory) {
        this.directory = parseDirectory(directory);
        return this;
    }

    /** A directory option as a path: a local path or a {@code file:} URI; other schemes are refused. */
    public static Path parseDirectory(String directory) {
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("option checkpoint directory must not be blank");
        }
        if (directory.startsWith("file:")) {
            return Path.of(URI.create(directory));
        }
        if (directory.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("option checkpoint directory '" + directory
                    + "': only local paths and file: URIs are supported");
        }
        return Path.of(directory);
    }
}
