package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The counts job in a child JVM whose heap (7 MB) is too small for its state (100,000 keys): the
 * JVM must exit non-zero within a bounded time — never hang, never exit 0 — and a restore with
 * enough heap ({@code --restore latest}) must commit every record exactly once. Both ways the JVM
 * can meet the out-of-memory error: as the {@code weir} launcher runs it
 * ({@code -XX:+ExitOnOutOfMemoryError}: the JVM ends at once, exit code 3), and without that
 * option (embedded use: the engine fails the job, exit code 1).
 */
class CountsOutOfHeapTest {
    private static final long RECORDS = 300_000;
    private static final long KEYS = 100_000;
    private static final long BOUND_SECONDS = 60;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "as the launcher runs it, -XX:+ExitOnOutOfMemoryError, 3, Terminating due to java.lang.OutOfMemoryError",
            "engine fails the job, -XX:-ExitOnOutOfMemoryError, 1, job 'counts' ran out of Java heap"})
    void aHeapTooSmallForTheStateEndsTheJvmNonZero_thenARestoreWithEnoughHeapIsExact(String how, String option,
                                                                                    int exitCode, String message)
            throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path output = dir.resolve("output");
        Path smallLog = dir.resolve("small-heap.log");
        Process small = CountsProcess.start(smallLog, List.of("-Xmx7m", option), arguments(checkpoints, output));
        boolean ended = small.waitFor(BOUND_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            small.destroyForcibly().waitFor();
        }
        String log = Files.readString(smallLog);
        assertTrue(ended, () -> "the JVM with too small a heap did not end within " + BOUND_SECONDS + " s: " + log);
        assertNotEquals(0, small.exitValue(), () -> "a job that ran out of heap exited 0: " + log);
        assertEquals(exitCode, small.exitValue(), () -> "exit code; log: " + log);
        // The heap may also run out on the command's own thread before the engine sees it: then the JVM's report.
        assertTrue(log.contains(message) || log.contains("java.lang.OutOfMemoryError"),
                () -> "no '" + message + "' in: " + log);

        Path restoreLog = dir.resolve("restore.log");
        List<String> restore = arguments(checkpoints, output);
        restore.addAll(CountsProcess.resumeOptions(checkpoints, "counts"));
        Process enough = CountsProcess.start(restoreLog, List.of("-Xmx512m"), restore);
        assertTrue(enough.waitFor(120, TimeUnit.SECONDS), "the restore did not finish");
        String restored = Files.readString(restoreLog);
        assertEquals(0, enough.exitValue(), () -> "the restore failed: " + restored);
        assertTrue(restored.contains("counts: finished in"), restored);
        assertEquals(List.of(), CommittedOutput.check(output, RECORDS, KEYS));
        assertEquals(0, CommittedOutput.hiddenFiles(output), "in-progress files left behind");
    }

    private static List<String> arguments(Path checkpoints, Path output) {
        return new ArrayList<>(List.of("--records", Long.toString(RECORDS), "--keys", Long.toString(KEYS),
                "--parallelism", "2", "--rate", "100000", "--checkpoint-dir", checkpoints.toString(),
                "--output", output.toString()));
    }
}
