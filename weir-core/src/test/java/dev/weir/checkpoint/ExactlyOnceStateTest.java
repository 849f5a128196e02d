package dev.weir.checkpoint;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.testing.FaultInjector;
import dev.weir.testing.CountingJobs.CountPerKey;
import dev.weir.testing.CountingJobs.Event;
import dev.weir.testing.CountingJobs.FailAtRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactlyOnceStateTest {
    @TempDir
    Path dir;

    @Test
    void withFailuresInjectedAtRecordsSyncAsyncAndRestore_finalStateEqualsTheInputExactly() {
        long records = 400_000;
        int keys = 100;
        Map<Long, Long> finalCounts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("exactly-once");
        env.enableCheckpointing(30);
        env.getCheckpointConfig().setDirectory(dir.toString());
        env.setRestartStrategy(RestartStrategy.fixedDelay(20, Duration.ofMillis(1)));
        // Fault plan: each attempt fails once, at a different protocol point.
        env.setFaultInjector((point, task, checkpointId, attempt) -> {
            boolean fail = switch (attempt) {
                case 1, 5, 9 -> point == FaultInjector.Point.SYNC_SNAPSHOT && checkpointId % 3 == 0;
                case 2, 6 -> point == FaultInjector.Point.ASYNC_SNAPSHOT && checkpointId % 2 == 0;
                case 3, 7 -> point == FaultInjector.Point.RESTORE;
                default -> false;
            };
            if (fail) {
                throw new FaultInjector.InjectedFault("injected at " + point + " of " + task.describe()
                        + " in checkpoint " + checkpointId + ", attempt " + attempt);
            }
        });
        DataGeneratorSource<Event> source = new DataGeneratorSource<>(i -> new Event(i % keys, i), records, RateLimiterStrategy.perSecond(200_000));
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "events").uid("events")
                .map(new FailAtRecord(3_000, 0, 4, 8))
                .keyBy(Event::key)
                .process(new CountPerKey(finalCounts)).uid("count")
                .sinkTo(value -> { });

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(result.restarts() >= 6, "restarts: " + result.restarts());
        assertTrue(result.completedCheckpoints().size() >= 3, "checkpoints: " + result.checkpoints());
        Map<Long, Long> expected = new HashMap<>();
        for (long k = 0; k < keys; k++) {
            expected.put(k, records / keys);
        }
        assertEquals(expected, new HashMap<>(finalCounts));
    }

}
