package dev.weir.api.spi;

import dev.weir.api.CheckpointConfig;
import dev.weir.api.RestartStrategy;
import dev.weir.api.dag.Transformation;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.StateBackend;
import dev.weir.api.testing.FaultInjector;
import java.util.List;
import java.util.Map;

/**
 * A job as the DataStream API hands it to a {@link JobExecutor}: its name, its logical plan and
 * everything the environment was told about running it. Immutable except the checkpoint config,
 * which the executor reads as it starts the job.
 *
 * @param stateBackend  null for the executor's default (the heap)
 * @param configuration every option the environment was configured with ({@code configure(..)}), also those
 *                      only an executor reads (e.g. {@code execution.target} and the Flink runner's)
 */
public record JobSpec(String jobName, List<Transformation> plan, ExecutionSettings execution,
                      CheckpointConfig checkpoints, RestartStrategy restartStrategy, RestoreSettings restore,
                      Map<Class<?>, TypeSerializer<?>> serializers, StateBackend stateBackend,
                      FaultInjector faultInjector, dev.weir.api.configuration.ReadableConfig configuration) {

    /** Key groups of a job unless set: the highest parallelism keyed state can be rescaled to. */
    public static final int DEFAULT_MAX_PARALLELISM = 128;
    /** How long a record may wait in a partly filled batch unless set (Flink's default too). */
    public static final long DEFAULT_BUFFER_TIMEOUT_MILLIS = 100;
    /** The most key groups a job may have. */
    public static final int UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

    public JobSpec {
        plan = List.copyOf(plan);
        serializers = Map.copyOf(serializers);
        configuration = configuration == null ? new dev.weir.api.configuration.Configuration() : configuration;
    }

    /**
     * How the job's tasks run and exchange records.
     *
     * @param parallelism          default parallelism of operators that set none
     * @param maxParallelism       number of key groups
     * @param batchSize            records per batch handed between tasks
     * @param channelCapacity      batches a channel holds before its producer blocks
     * @param bufferTimeoutMillis  longest a record waits in a partial batch (0: none, -1: until full or idle)
     * @param explicitUidsRequired a stateful operator without an explicit uid is an error
     * @param autoWatermarkIntervalMillis interval of periodic watermarks (0: none)
     * @param fireProcessingTimersAtEndOfInput pending processing-time timers fire at the end of input (else dropped)
     */
    public record ExecutionSettings(int parallelism, int maxParallelism, int batchSize, int channelCapacity,
                                    long bufferTimeoutMillis, boolean explicitUidsRequired,
                                    long autoWatermarkIntervalMillis, boolean fireProcessingTimersAtEndOfInput) {

        /** With the default watermark interval, dropping processing-time timers at the end of input. */
        public ExecutionSettings(int parallelism, int maxParallelism, int batchSize, int channelCapacity,
                                 long bufferTimeoutMillis, boolean explicitUidsRequired) {
            this(parallelism, maxParallelism, batchSize, channelCapacity, bufferTimeoutMillis, explicitUidsRequired,
                    200, false);
        }
    }

    /**
     * Where the job starts from.
     *
     * @param from                  null (no restore), {@code "latest"}, or the path of a checkpoint
     * @param allowNonRestoredState drop state of operators the job no longer has
     * @param startFresh            start from scratch over checkpoints of an earlier run
     */
    public record RestoreSettings(String from, boolean allowNonRestoredState, boolean startFresh) {
    }
}
