package dev.weir.flink.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.examples.CountsCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts job on Flink's MiniCluster with a task failure in the middle: the generator's split positions come
 * back from Flink's checkpoint, and Weir's two-phase-commit sinks commit on Flink's checkpoint completion, so the
 * committed output is exact (every seq once, counts 1..n per key).
 */
class ExactlyOnceSinksOnFlinkTest {

    private static final long RECORDS = 6_000;
    private static final long KEYS = 7;

    @TempDir
    Path dir;

    @Test
    void aTaskFailureMidRunLeavesTheCommittedFilesExact() throws Exception {
        Path output = dir.resolve("out");
        Path flag = dir.resolve("failed");

        CountsOnFlinkProgram.main(new String[]{"generator", "files=" + output, Long.toString(RECORDS), Long.toString(KEYS),
                "4000", "1000", flag.toString()});

        assertTrue(Files.exists(flag), "the job failed once mid-run");
        assertTrue(Files.exists(Path.of(flag + ".restored")), "the job restored from a checkpoint");
        assertEquals(java.util.List.of(), CountsCheck.problemsInFiles(output, RECORDS, KEYS));
    }

    @Test
    void theFileSourceRestoresItsPositionsFromFlinksCheckpointAndReadsEachLineOnce() throws Exception {
        Path input = dir.resolve("in");
        Files.createDirectories(input);
        for (int file = 0; file < 4; file++) {
            StringBuilder lines = new StringBuilder();
            for (long seq = file; seq < RECORDS; seq += 4) {
                lines.append(seq).append('\n');
            }
            Files.writeString(input.resolve("seqs-" + file + ".txt"), lines);
        }
        Path output = dir.resolve("out");
        Path flag = dir.resolve("failed");

        CountsOnFlinkProgram.main(new String[]{"files=" + input, "files=" + output, Long.toString(RECORDS),
                Long.toString(KEYS), "2000", "1800", flag.toString()});

        assertTrue(Files.exists(flag), "the job failed once mid-run");
        assertTrue(Files.exists(Path.of(flag + ".restored")), "the job restored from a checkpoint");
        assertEquals(java.util.List.of(), CountsCheck.problemsInFiles(output, RECORDS, KEYS));
    }
}
