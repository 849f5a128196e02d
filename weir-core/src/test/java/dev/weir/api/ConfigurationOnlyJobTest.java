package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.configuration.CheckpointingOptions;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.CoreOptions;
import dev.weir.api.configuration.PipelineOptions;
import dev.weir.api.configuration.RestartStrategyOptions;
import dev.weir.api.configuration.StateBackendOptions;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.testing.CountingJobs;
import dev.weir.testing.CountingJobs.CountPerKey;
import dev.weir.testing.CountingJobs.FailAtRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job set up the Flink 2 way, through a Configuration only, survives a failure with exact results. */
class ConfigurationOnlyJobTest {
    @TempDir
    Path dir;

    @Test
    void aJobConfiguredOnlyThroughAConfiguration_restartsFromItsCheckpointsAfterAFailure_andCountsExactly() {
        long records = 100_000;
        int keys = 50;
        Configuration config = new Configuration();
        config.set(PipelineOptions.NAME, "configured-counts");
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(10));
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(20));
        config.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        Map<Long, Long> finalCounts = new ConcurrentHashMap<>();
        env.fromSource(CountingJobs.events(records, keys, 0, 200_000), WatermarkStrategy.noWatermarks(),
                        "events").uid("events")
                .map(new FailAtRecord(30_000, 0)) // subtask 0 fails once, in the first run
                .keyBy(CountingJobs.Event::key)
                .process(new CountPerKey(finalCounts)).uid("count")
                .sinkTo(count -> { });

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status());
        assertEquals(1, result.restarts(), "the fixed-delay strategy of the configuration restarted the job once");
        assertTrue(result.completedCheckpoints().size() >= 1, "checkpoints: " + result.checkpoints());
        assertTrue(Files.isDirectory(dir.resolve("configured-counts")), "checkpoints went to the configured directory");
        Map<Long, Long> expected = new HashMap<>();
        for (long k = 0; k < keys; k++) {
            expected.put(k, records / keys);
        }
        assertEquals(expected, new HashMap<>(finalCounts));
    }
}
