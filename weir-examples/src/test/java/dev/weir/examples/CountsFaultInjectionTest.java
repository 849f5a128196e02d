package dev.weir.examples;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.serialization.SimpleStringEncoder;
import dev.weir.connector.file.BasePathBucketAssigner;
import dev.weir.connector.file.CheckpointRollingPolicy;
import dev.weir.connector.file.FileSink;
import dev.weir.connector.file.PartFileInfo;
import dev.weir.api.testing.FaultInjector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts job with a failure injected at each named point of the two-phase-commit protocol,
 * three times per run: the committed files must still hold every record exactly once.
 */
class CountsFaultInjectionTest {
    private static final long RECORDS = 300_000;
    private static final long KEYS = 50;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = FaultInjector.Point.class, names = {"BEFORE_PRE_COMMIT", "AFTER_PRE_COMMIT", "AFTER_METADATA",
            "MID_COMMIT", "RESTORE", "SYNC_SNAPSHOT", "ASYNC_SNAPSHOT"})
    void aFailureAtEachProtocolPoint_leavesEveryRecordCommittedExactlyOnce(FaultInjector.Point point) throws Exception {
        Path output = dir.resolve("output");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("counts-faults");
        env.enableCheckpointing(40);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.setRestartStrategy(RestartStrategy.fixedDelay(10, Duration.ofMillis(1)));
        ThreeFaults faults = new ThreeFaults(point);
        env.setFaultInjector(faults);
        DataGeneratorSource<Counts.Event> source = new DataGeneratorSource<>(seq -> new Counts.Event(seq, seq % KEYS), RECORDS, RateLimiterStrategy.perSecond(200_000));
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator").uid("generator")
                .keyBy(Counts.Event::key)
                .process(new Counts.RunningCount()).uid("count")
                // Small parts: several files per transaction, so a commit can stop half way.
                .sinkTo(FileSink.forRowFormat(new dev.weir.api.fs.Path(output.toUri()), new SimpleStringEncoder<Counts.Line>())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withRollingPolicy(new RollEvery8KiB())
                        .build()).uid("files");

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(3, faults.injected(), "faults injected at " + point);
        assertEquals(3, result.restarts());
        assertEquals(List.of(), CommittedOutput.check(output, RECORDS, KEYS));
        assertEquals(0, CommittedOutput.hiddenFiles(output), "in-progress files left behind");
        assertTrue(result.completedCheckpoints().size() >= 2);
    }

    /** Several parts per checkpoint, so that a commit can stop half-way. */
    static final class RollEvery8KiB extends CheckpointRollingPolicy<Counts.Line, String> {
        @Override
        public boolean shouldRollOnEvent(PartFileInfo<String> part, Counts.Line element) throws java.io.IOException {
            return part.getSize() >= 8 * 1024;
        }

        @Override
        public boolean shouldRollOnProcessingTime(PartFileInfo<String> part, long currentTime) {
            return false;
        }
    }
}
