package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.serialization.SimpleStringEncoder;
import dev.weir.connector.file.BasePathBucketAssigner;
import dev.weir.connector.file.CheckpointRollingPolicy;
import dev.weir.connector.file.FileSink;
import dev.weir.connector.file.PartFileInfo;
import dev.weir.api.testing.FaultInjector;
import java.nio.file.Path;
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
        // Small parts: several files per transaction, so a commit can stop half way.
        FileSink<Counts.Line> sink = FileSink.forRowFormat(new dev.weir.api.fs.Path(output.toUri()),
                        new SimpleStringEncoder<Counts.Line>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(new RollEvery8KiB())
                .build();

        ThreeFaults.runCounts("counts-faults", dir.resolve("checkpoints"), 40, point,
                Counts.generator(RECORDS, KEYS, 200_000), "generator", sink, "files");

        assertEquals(List.of(), CommittedOutput.check(output, RECORDS, KEYS));
        assertEquals(0, CommittedOutput.hiddenFiles(output), "in-progress files left behind");
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
