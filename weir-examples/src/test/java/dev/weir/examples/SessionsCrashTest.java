package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The sessions job (event-time session windows, late clicks to a side output, both through the
 * exactly-once file sink) in a child JVM, killed with SIGKILL at random moments and restarted with
 * {@code --restore latest} each time (once it has left its trace): the committed sessions and late
 * clicks must be exactly what {@link SessionsReference} computes from the generated clicks.
 */
class SessionsCrashTest {
    /** Few enough that every click generated as late lies an hour before the others (see SessionsReference). */
    private static final long CLICKS = 300_000;
    private static final long USERS = 200;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "state {0}")
    @ValueSource(strings = {"heap", "rocksdb"})
    void killedAtRandomMoments_theCommittedSessionsAndLateClicksAreExactlyTheReference(String state) throws Exception {
        assertTrue(CLICKS * ClickGenerator.STEP + SessionsReference.GAP < ClickGenerator.LATE_BY.toMillis(),
                "the clicks generated as late must lie more than a gap before the first click");
        Path checkpoints = dir.resolve("checkpoints");
        Path output = dir.resolve("output");
        Random random = new Random(20261206);
        int kills = 0;
        for (int run = 0; run < 8; run++) {
            Process process = start(checkpoints, output, dir.resolve("run-" + run + ".log"), state);
            long lifetimeMs = 600 + random.nextInt(900);
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

        Path sessions = Sessions.sessionsDir(output);
        Path late = Sessions.lateDir(output);
        assertEquals(List.of(), SessionsReference.problems(sessions, late, CLICKS, USERS));
        assertFalse(SessionsReference.committedLines(late).isEmpty(), "no click was late");
        assertTrue(SessionsReference.committedLines(sessions).size() > 10_000, "sessions committed");
        assertTrue(kills >= 6, "only " + kills + " kills happened; the job ran too fast to test crashes");
        assertEquals(0, CommittedOutput.hiddenFiles(sessions) + CommittedOutput.hiddenFiles(late),
                "in-progress files left behind");
    }

    private static Process start(Path checkpoints, Path output, Path log, String state) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--clicks", Long.toString(CLICKS),
                "--users", Long.toString(USERS), "--parallelism", "2", "--checkpoint-interval", "100ms",
                "--rate", "50000", "--progress-interval", "0", "--checkpoint-dir", checkpoints.toString(),
                "--output", output.toString(), "--state", state));
        arguments.addAll(CountsProcess.resumeOptions(checkpoints, "sessions"));
        return CountsProcess.start(Sessions.class, log, List.of("-Xmx512m"), arguments);
    }

    private static String read(Path log) throws Exception {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
