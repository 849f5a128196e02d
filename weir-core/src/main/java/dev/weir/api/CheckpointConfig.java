package dev.weir.api;

import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.ReadableConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Checkpoint settings of a job (see {@link StreamExecutionEnvironment#enableCheckpointing}). Checkpoints are
 * written to {@code <directory>/<job name>/chk-<n>/}; a checkpoint is complete once its
 * {@code _metadata} file is durable. Defaults: exactly-once, 10 min timeout, no minimum pause,
 * one checkpoint at a time, no tolerated failures, two retained checkpoints.
 */
public final class CheckpointConfig {
    private long interval = -1; // milliseconds; -1: checkpointing disabled
    private CheckpointingMode mode = CheckpointingMode.EXACTLY_ONCE;
    private long timeout = Duration.ofMinutes(10).toMillis();
    private long minPauseBetweenCheckpoints;
    private int maxConcurrentCheckpoints = 1;
    private int tolerableFailedCheckpoints;
    private int retainedCheckpoints = 2;
    private Path directory;
    private Path savepointDirectory;

    CheckpointConfig() {
    }

    public boolean isCheckpointingEnabled() {
        return interval > 0;
    }

    /** Turns checkpointing off (the default). */
    public void disableCheckpointing() {
        this.interval = -1;
    }

    /** Milliseconds between checkpoint starts; -1 when checkpointing is disabled. */
    public long getCheckpointInterval() {
        return interval;
    }

    /** Milliseconds between checkpoint starts; enables checkpointing. */
    public CheckpointConfig setCheckpointInterval(long intervalMillis) {
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("option checkpoint interval must be at least 1 ms, was " + intervalMillis);
        }
        this.interval = intervalMillis;
        return this;
    }

    public CheckpointingMode getCheckpointingConsistencyMode() {
        return mode;
    }

    /** Exactly-once (barriers aligned, the default) or at-least-once (not aligned). */
    public CheckpointConfig setCheckpointingConsistencyMode(CheckpointingMode mode) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** Milliseconds a checkpoint may take before it is aborted (default 10 minutes). */
    public long getCheckpointTimeout() {
        return timeout;
    }

    /** A checkpoint not complete after this many milliseconds is aborted. */
    public CheckpointConfig setCheckpointTimeout(long timeoutMillis) {
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("option checkpoint timeout must be at least 1 ms, was " + timeoutMillis);
        }
        this.timeout = timeoutMillis;
        return this;
    }

    public long getMinPauseBetweenCheckpoints() {
        return minPauseBetweenCheckpoints;
    }

    /** Least milliseconds between the end of one checkpoint and the start of the next (default 0). */
    public CheckpointConfig setMinPauseBetweenCheckpoints(long minPauseMillis) {
        if (minPauseMillis < 0) {
            throw new IllegalArgumentException("option minPauseBetweenCheckpoints must not be negative, was "
                    + minPauseMillis);
        }
        this.minPauseBetweenCheckpoints = minPauseMillis;
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

    public int getTolerableCheckpointFailureNumber() {
        return tolerableFailedCheckpoints;
    }

    /**
     * Consecutive failed checkpoints tolerated before the job fails, as in Flink. Default 0: the first
     * failed checkpoint fails the job, and the restart strategy decides whether it restarts from the
     * last completed checkpoint. A checkpoint fails when a task declines it (its state files cannot be
     * written, e.g. the checkpoint disk is full), when it times out, or when its metadata cannot be
     * written. With {@code n > 0} the job keeps running through up to {@code n} failures in a row (a
     * full checkpoint disk that is freed meanwhile costs nothing but later commits): sinks commit the
     * output of the failed checkpoints with the next one that completes, so nothing is lost or
     * doubled, but until then no output becomes visible and a crash replays from the last completed
     * checkpoint. A full output disk is not a checkpoint failure: the file sink fails its task.
     * CLI: {@code --tolerable-failed-checkpoints N}.
     */
    public CheckpointConfig setTolerableCheckpointFailureNumber(int tolerable) {
        if (tolerable < 0) {
            throw new IllegalArgumentException("option tolerableCheckpointFailureNumber must not be negative, was "
                    + tolerable);
        }
        this.tolerableFailedCheckpoints = tolerable;
        return this;
    }

    public int getRetainedCheckpoints() {
        return retainedCheckpoints;
    }

    /**
     * Completed checkpoints kept on disk (default 2; Flink's option {@code state.checkpoints.num-retained});
     * older ones are deleted once subsumed. Fewer need less disk. CLI: {@code --retained-checkpoints N}.
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

    /**
     * Where checkpoints are written (Flink's option {@code execution.checkpointing.dir}): a local path.
     * Weir needs a directory whenever checkpointing is enabled.
     */
    public CheckpointConfig setDirectory(Path directory) {
        this.directory = java.util.Objects.requireNonNull(directory, "option checkpoint directory");
        return this;
    }

    /** Where checkpoints are written: a local path or a {@code file:} URI. */
    public CheckpointConfig setDirectory(String directory) {
        this.directory = parseDirectory(directory);
        return this;
    }

    /** The default directory of savepoints, or null: then {@code <checkpoint directory>/<job>/savepoints}. */
    public Path getSavepointDirectory() {
        return savepointDirectory;
    }

    /**
     * Where savepoints go when {@code JobClient.triggerSavepoint} or {@code stopWithSavepoint} is given
     * no directory (Flink's option {@code execution.checkpointing.savepoint-dir}): a local path or a
     * {@code file:} URI. Unset, they go into {@code <checkpoint directory>/<job>/savepoints}.
     */
    public CheckpointConfig setSavepointDirectory(String directory) {
        this.savepointDirectory = parseDirectory(directory);
        return this;
    }

    /**
     * Applies the {@code CheckpointingOptions} that {@code configuration} sets (directory, interval,
     * mode, timeout, min pause, concurrency, tolerated failures, retention); other keys are left
     * alone. A value this config refuses throws {@link IllegalArgumentException} naming the key.
     */
    public void configure(ReadableConfig configuration) {
        CheckpointSettings.read(configuration).applyTo(configuration, this);
    }

    /** These settings as {@code CheckpointingOptions} (a new configuration). */
    public Configuration toConfiguration() {
        Configuration configuration = new Configuration();
        CheckpointSettings.write(this, configuration);
        return configuration;
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
