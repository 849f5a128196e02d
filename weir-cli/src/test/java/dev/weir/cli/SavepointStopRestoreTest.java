package dev.weir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.examples.CountsCheck;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The story from the command line: {@code weir run counts} prints its dashboard's URL; {@code weir
 * savepoint --url} takes a savepoint (one outside the savepoint directory is refused); {@code weir stop --url
 * --savepoint} ends the job FINISHED with a savepoint; {@code weir run counts --restore PATH} at another
 * parallelism on RocksDB (the first run kept its state on the heap) finishes the job, every record
 * committed exactly once.
 */
class SavepointStopRestoreTest {
    private static final long RECORDS = 60_000;
    private static final long KEYS = 10;
    private static final Pattern DASHBOARD = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+)\n");

    @TempDir
    Path dir;

    @Test
    void savepointAndStopThroughTheRestApi_thenRestoreAtAnotherParallelismOnRocksdb_commitsEveryRecordOnce()
            throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path output = dir.resolve("out");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), WeirCommand.class.getName(), "run", "counts", "--records",
                Long.toString(RECORDS), "--keys", Long.toString(KEYS), "--rate", "10000", "--progress-interval", "0",
                "--http-port", "0", "--checkpoint-dir", checkpoints.toString(), "--output", output.toString()));
        Path log = dir.resolve("run.log");
        Process process = new ProcessBuilder(command).redirectOutput(log.toFile())
                .redirectError(dir.resolve("run.err").toFile()).start();
        try {
            String url = awaitDashboard(process, dir.resolve("run.err"));
            Path savepoints = checkpoints.resolve("counts").resolve("savepoints").toAbsolutePath();

            Result savepoint = weir("savepoint", "--url", url, "--dir", "mid");
            assertEquals(0, savepoint.exitCode(), savepoint.err());
            assertTrue(Path.of(savepoint.out().strip()).startsWith(savepoints.resolve("mid")), savepoint.out());
            assertTrue(Files.isDirectory(Path.of(savepoint.out().strip())), savepoint.out());

            Result refused = weir("savepoint", "--url", url, "--dir", dir.resolve("elsewhere").toString());
            assertEquals(1, refused.exitCode());
            assertTrue(refused.err().contains("not under the allowed savepoint directory " + savepoints), refused.err());

            Result stop = weir("stop", "--url", url, "--savepoint", "final");
            assertEquals(0, stop.exitCode(), stop.err());
            Path last = Path.of(stop.out().strip());
            assertTrue(last.startsWith(savepoints.resolve("final")), stop.out());
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the stopped job did not exit");
            assertEquals(0, process.exitValue(), read(log) + read(dir.resolve("run.err")));
            assertTrue(read(log).contains("counts: finished"), read(log));
            assertTrue(CountsCheck.problemsInFiles(output, RECORDS, KEYS).stream()
                    .anyMatch(p -> p.contains("missing")), "stopped part-way");

            Result resumed = weir("run", "counts", "--records", Long.toString(RECORDS), "--keys", Long.toString(KEYS),
                    "--parallelism", "3", "--state", "rocksdb", "--progress-interval", "0", "--http-port", "0",
                    "--checkpoint-dir", checkpoints.toString(), "--output", output.toString(), "--restore", last.toString());
            assertEquals(0, resumed.exitCode(), resumed.err());
            assertEquals(List.of(), CountsCheck.problemsInFiles(output, RECORDS, KEYS));
        } finally {
            process.destroyForcibly();
        }
    }

    /** The URL of the {@code dashboard: URL} line the job prints to standard error. */
    private static String awaitDashboard(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = DASHBOARD.matcher(read(log));
            if (m.find()) {
                return m.group(1);
            }
            assertTrue(process.isAlive(), () -> "the job ended before it printed its dashboard: " + read(log));
            Thread.sleep(50);
        }
        throw new AssertionError("no 'dashboard: URL' line within 30 s: " + read(log));
    }

    private record Result(int exitCode, String out, String err) {
    }

    /** Runs the weir command in this JVM, with what it prints. */
    private static Result weir(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = WeirCommand.run(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(nothing)";
        } catch (java.io.IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
