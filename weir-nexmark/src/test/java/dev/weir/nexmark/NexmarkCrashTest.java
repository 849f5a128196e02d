package dev.weir.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.nexmark.model.Event;
import dev.weir.nexmark.model.GeneratorConfig;
import dev.weir.nexmark.model.NexmarkGenerator;
import dev.weir.nexmark.model.NexmarkReference;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code weir run nexmark --query q5} (windows) and {@code --query q8} (a two-input window join) over
 * generated events in a child JVM, killed with SIGKILL at random moments and restarted with
 * {@code --restore latest} each time (once it has left its trace): the committed rows must be exactly
 * {@link NexmarkReference}'s over the generated events.
 */
class NexmarkCrashTest {
    private static final long EVENTS = 150_000;
    private static final long SEED = 11;
    private static final long EVENT_RATE = 500;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, state {1}")
    @CsvSource({"q5, heap", "q5, rocksdb", "q8, heap", "q8, rocksdb"})
    void killedAtRandomMoments_theCommittedRowsAreExactlyTheReference(String query, String state) throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path output = dir.resolve("output");
        Random random = new Random(20261206);
        int kills = 0;
        for (int run = 0; run < 6; run++) {
            Process process = start(query, checkpoints, output, dir.resolve("run-" + run + ".log"), state);
            if (process.waitFor(700 + random.nextInt(900), TimeUnit.MILLISECONDS)) {
                break; // finished before the kill
            }
            process.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
            process.waitFor();
            kills++;
        }
        Process last = start(query, checkpoints, output, dir.resolve("final.log"), state);
        assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the final run did not finish");
        String finalLog = read(dir.resolve("final.log"));
        assertEquals(0, last.exitValue(), () -> "final run failed: " + finalLog);

        List<Event> events = new NexmarkGenerator(GeneratorConfig.defaults().withSeed(SEED)
                .withEventsPerSecond(EVENT_RATE)).events(EVENTS);
        List<String> expected = new ArrayList<>(query.equals("q5") ? NexmarkReference.q5(events)
                : NexmarkReference.q8(events));
        List<String> actual = new ArrayList<>(NexmarkQueriesTest.committedLines(output));
        expected.sort(null);
        actual.sort(null);
        assertTrue(expected.size() > 100, "too few rows to test: " + expected.size());
        assertEquals(expected, actual);
        assertTrue(kills >= 3, "only " + kills + " kills happened; the job ran too fast to test crashes");
    }

    private static Process start(String query, Path checkpoints, Path output, Path log, String state) throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin"
                        + File.separator + "java", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Nexmark.class.getName(), "--query", query, "--events", Long.toString(EVENTS), "--seed",
                Long.toString(SEED), "--event-rate", Long.toString(EVENT_RATE), "--rate", "40000",
                "--parallelism", "2", "--checkpoint-interval", "100ms", "--progress-interval", "0",
                "--checkpoint-dir", checkpoints.toString(), "--output", output.toString(), "--state", state));
        if (new CheckpointStorage(checkpoints, "nexmark").hasTrace()) {
            command.addAll(List.of("--restore", "latest"));
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(Path log) throws java.io.IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
