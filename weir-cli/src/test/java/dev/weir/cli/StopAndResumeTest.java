package dev.weir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.checkpoint.CheckpointMetadata;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real {@code weir} process: SIGTERM (what {@link Process#destroy()} sends, and like
 * SIGINT it runs the shutdown hooks) stops the job cleanly, the process prints the last completed
 * checkpoint and the command that resumes it, and that command finishes the job with every record
 * committed exactly once.
 */
class StopAndResumeTest {
    private static final long RECORDS = 60_000;
    private static final long KEYS = 10;

    @TempDir
    Path dir;

    @Test
    void whenTheJobIsStopped_thenItPrintsTheResumeCommand_andResumingCommitsEveryRecordExactlyOnce()
            throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path output = dir.resolve("out");
        List<String> args = List.of("run", "counts", "--records", Long.toString(RECORDS), "--keys",
                Long.toString(KEYS), "--rate", "20000", "--checkpoint-interval", "100ms", "--progress-interval", "0",
                "--checkpoint-dir", checkpoints.toString(), "--output", output.toString());
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), WeirCommand.class.getName()));
        command.addAll(args);
        Path log = dir.resolve("stopped.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(log.toFile())
                .redirectError(dir.resolve("stopped.err").toFile());
        builder.environment().put("WEIR_LAUNCHER", "./weir");
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (completedCheckpoints(checkpoints.resolve("counts")) < 2 && System.nanoTime() < deadline) {
                assertTrue(process.isAlive(), () -> "the job ended before it was stopped: " + read(log));
                Thread.sleep(20);
            }
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the stopped job did not exit");
        } finally {
            process.destroyForcibly();
        }
        String printed = read(log);
        assertEquals(128 + 15, process.exitValue(), () -> "exit code after SIGTERM; " + printed
                + read(dir.resolve("stopped.err")));
        String resume = "./weir " + String.join(" ", args) + " --restore latest";
        assertTrue(printed.contains("counts: resume with: " + resume + "\n"), printed);
        Matcher last = Pattern.compile("the last completed checkpoint is (\\d+); the output up to it is committed in "
                + Pattern.quote(output.toAbsolutePath().toString())).matcher(printed);
        assertTrue(last.find(), printed);
        assertTrue(Long.parseLong(last.group(1)) >= 2, printed);
        long before = committedLines(output).size();
        assertTrue(before < RECORDS, "the job was not stopped part-way: " + before + " lines committed");

        List<String> resumeArgs = new ArrayList<>(args);
        resumeArgs.addAll(List.of("--restore", "latest"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, WeirCommand.run(resumeArgs.toArray(String[]::new)), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
        }
        assertEquals(List.of(), problems(committedLines(output)));
    }

    /** What is wrong with the committed lines: every seq exactly once, per key the counts 1..n once each. */
    private static List<String> problems(List<String> lines) {
        List<String> problems = new ArrayList<>();
        BitSet seqs = new BitSet();
        Map<Long, BitSet> countsPerKey = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(",");
            long key = Long.parseLong(f[0]);
            int count = Integer.parseInt(f[1]);
            int seq = Integer.parseInt(f[2]);
            if (seq % KEYS != key || seqs.get(seq) || countsPerKey.computeIfAbsent(key, k -> new BitSet()).get(count)) {
                problems.add("wrong or twice: " + line);
            }
            seqs.set(seq);
            countsPerKey.get(key).set(count);
        }
        if (seqs.cardinality() != RECORDS || seqs.length() != RECORDS) {
            problems.add((RECORDS - seqs.cardinality()) + " records missing");
        }
        countsPerKey.forEach((key, counts) -> {
            if (counts.cardinality() != counts.length() - 1) {
                problems.add("key " + key + ": a count is missing");
            }
        });
        return problems;
    }

    private static long completedCheckpoints(Path jobDirectory) throws Exception {
        if (!Files.isDirectory(jobDirectory)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(jobDirectory)) {
            return dirs.filter(d -> Files.exists(d.resolve(CheckpointMetadata.FILE_NAME))).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0; // a checkpoint discarded while listing: ask again
        }
    }

    private static List<String> committedLines(Path output) throws Exception {
        if (!Files.isDirectory(output)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(output)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return lines;
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
