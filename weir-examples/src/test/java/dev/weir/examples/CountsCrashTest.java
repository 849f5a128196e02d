package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The counts job in a child JVM, killed with SIGKILL at random moments and restarted with
 * {@code --restore latest} each time (once it has left its trace): the committed output must hold
 * every record exactly once.
 */
class CountsCrashTest {
    private static final long RECORDS = 3_000_000;
    private static final long KEYS = 100;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "state {0}")
    @ValueSource(strings = {"heap", "rocksdb"})
    void killedTwelveTimesAtRandomMoments_theCommittedOutputHasEveryRecordExactlyOnce(String state) throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path output = dir.resolve("output");
        Random random = new Random(20261127);
        int kills = 0;
        for (int run = 0; run < 12; run++) {
            Process process = start(checkpoints, output, dir.resolve("run-" + run + ".log"), state);
            long lifetimeMs = 400 + random.nextInt(900);
            if (process.waitFor(lifetimeMs, TimeUnit.MILLISECONDS)) {
                break; // finished before the kill: nothing more to do
            }
            process.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
            process.waitFor();
            kills++;
        }
        Process last = start(checkpoints, output, dir.resolve("final.log"), state);
        assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the final run did not finish");
        String finalLog = read(dir.resolve("final.log"));
        assertEquals(0, last.exitValue(), () -> "final run failed: " + finalLog);

        List<String> problems = CommittedOutput.check(output, RECORDS, KEYS);
        assertEquals(List.of(), problems);
        assertTrue(kills >= 10, "only " + kills + " kills happened; the job ran too fast to test crashes");
        assertEquals(0, CommittedOutput.hiddenFiles(output), "in-progress files left behind");
    }

    private static Process start(Path checkpoints, Path output, Path log, String state) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--records", Long.toString(RECORDS),
                "--keys", Long.toString(KEYS), "--parallelism", "2", "--checkpoint-interval", "100ms",
                "--rate", "200000", "--checkpoint-dir", checkpoints.toString(), "--output", output.toString(),
                "--state", state));
        arguments.addAll(CountsProcess.resumeOptions(checkpoints, "counts"));
        return CountsProcess.start(log, arguments);
    }

    private static String read(Path log) throws Exception {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
