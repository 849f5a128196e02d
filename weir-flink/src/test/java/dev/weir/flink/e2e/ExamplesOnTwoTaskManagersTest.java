package dev.weir.flink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.examples.CountsCheck;
import dev.weir.examples.LineFiles;
import dev.weir.examples.Sessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example jobs on Weir's Flink runner with a local standalone cluster of two TaskManager JVMs commit the same
 * output as on Weir's own runtime: {@code counts} (keyed state, exactly-once files), {@code sessions} (event-time
 * session windows, late data to a side output) and Nexmark q8 (a two-input keyed join with timers).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExamplesOnTwoTaskManagersTest {

    @TempDir
    Path dir;

    @AfterEach
    void theRunnerLeavesNoFlinkProcessBehind() throws InterruptedException {
        assertEquals(List.of(), FlinkProcesses.endLeftovers(Duration.ofSeconds(20)),
                "the Flink runner's local cluster should stop when its job ends");
    }

    @Test
    void countsOnTwoTaskManagersCommitsEveryCountOnceAsTheLocalRunnerDoes() throws Exception {
        long records = 20_000;
        long keys = 100;
        List<String> local = run(CountsProgram::build, "local", "--records", "" + records, "--keys", "" + keys);
        List<String> flink = run(CountsProgram::build, "flink", "--records", "" + records, "--keys", "" + keys);
        Path localOut = dir.resolve("local").resolve("output");
        Path flinkOut = dir.resolve("flink").resolve("output");
        assertEquals(List.of(), CountsCheck.problemsInFiles(localOut, records, keys));
        assertEquals(List.of(), CountsCheck.problemsInFiles(flinkOut, records, keys));
        // which seq gets which count depends on how the two source subtasks interleave; the counts per key do not
        assertEquals(keyAndCount(local), keyAndCount(flink));
    }

    @Test
    void sessionsOnTwoTaskManagersCommitsTheSessionsAndLateClicksOfTheLocalRunner() throws Exception {
        String[] options = {"--clicks", "3000", "--users", "20", "--rate", "1500"};
        run(SessionsProgram::build, "local", options);
        run(SessionsProgram::build, "flink", options);
        Path localOut = dir.resolve("local").resolve("output");
        Path flinkOut = dir.resolve("flink").resolve("output");
        List<String> sessions = committedLines(Sessions.sessionsDir(localOut));
        assertFalse(sessions.isEmpty(), "the local run should commit sessions");
        assertEquals(sessions, committedLines(Sessions.sessionsDir(flinkOut)));
        List<String> late = committedLines(Sessions.lateDir(localOut));
        assertFalse(late.isEmpty(), "the local run should commit late clicks");
        assertEquals(late, committedLines(Sessions.lateDir(flinkOut)));
    }

    @Test
    void nexmarkQ8OnTwoTaskManagersJoinsTheSameNewUsersAsTheLocalRunner() throws Exception {
        List<String> local = run(NexmarkQ8Program::build, "local", "--events", "200000");
        assertFalse(local.isEmpty(), "the local run should find new users who opened auctions");
        assertEquals(local, run(NexmarkQ8Program::build, "flink", "--events", "200000"));
    }

    /** Runs a program on {@code runner} with its output under {@code dir/runner}; returns its committed lines. */
    private List<String> run(Function<String[], StreamExecutionEnvironment> program, String runner, String... options)
            throws Exception {
        Path base = dir.resolve(runner);
        List<String> args = new ArrayList<>(List.of("--runner", runner, "--output", base.resolve("output").toString(),
                "--checkpoint-dir", base.resolve("checkpoints").toString()));
        args.addAll(List.of(options));
        JobExecutionResult result = program.apply(args.toArray(String[]::new)).executeAsync().getJobExecutionResult()
                .get(150, TimeUnit.SECONDS);
        assertTrue(result.isSuccess(), () -> runner + " run failed: " + result.failureCause());
        return committedLines(base.resolve("output"));
    }

    private static List<String> keyAndCount(List<String> lines) {
        return lines.stream().map(line -> line.substring(0, line.lastIndexOf(','))).sorted().toList();
    }

    /** The committed lines of a file sink's directory, sorted. */
    private static List<String> committedLines(Path dir) throws IOException {
        try (Stream<String> lines = LineFiles.committedLines(dir)) {
            return lines.sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
