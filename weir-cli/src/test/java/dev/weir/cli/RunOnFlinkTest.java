package dev.weir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.examples.CountsCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir run counts --runner flink --taskmanagers 2}: the command starts a local Flink cluster of a JobManager
 * and two TaskManager JVMs, runs the job there, reports Flink's web UI, commits exact output, and stops the cluster.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RunOnFlinkTest {

    @Test
    void weirRunCountsWithRunnerFlinkCommitsEveryCountOnceAndStopsItsCluster(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("output");
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            exit = WeirCommand.run("run", "counts", "--runner", "flink", "--taskmanagers", "2", "--records", "20000",
                    "--keys", "100", "--output", output.toString(), "--checkpoint-dir", dir.resolve("chk").toString());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            System.out.print(printed.toString(StandardCharsets.UTF_8));
        }
        assertEquals(0, exit, printed.toString(StandardCharsets.UTF_8));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("flink web UI: http://127.0.0.1:"),
                "the command should report Flink's web UI: " + printed);
        assertEquals(List.of(), CountsCheck.problemsInFiles(output, 20_000, 100));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (flinkProcesses() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, flinkProcesses(), "the command should stop its Flink cluster when the job ends");
    }

    private static long flinkProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("org.apache.flink.runtime")).count();
    }
}
