package dev.weir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeirCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void runWordcountPrintsCountsAndExitsZero() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "to be or not to be\n");
        assertEquals(0, WeirCommand.run("run", "wordcount", "--input", input.toString()));
        assertEquals("be 2\nto 2\nnot 1\nor 1\n", out.toString(StandardCharsets.UTF_8).replace("\r", ""));
    }

    @Test
    void whenAnOptionIsMisspelt_thenItExitsTwoNamingItAndSuggestingTheNearestOne() {
        assertEquals(2, WeirCommand.run("run", "wordcount", "--input", "x", "--parallelizm", "2"));
        String message = err();
        assertTrue(message.contains("--parallelizm"), message);
        assertTrue(message.contains("Possible solutions: --parallelism"), message);
        assertEquals("", out());
    }

    @Test
    void anUnknownJobExitsTwoAndListsTheJobs() {
        assertEquals(2, WeirCommand.run("run", "nope"));
        assertTrue(err().contains("'nope' is not one of: counts, nexmark, sessions, wordcount"), err());
    }

    @Test
    void whenNoJobIsNamed_thenItExitsTwoAndListsTheJobs() {
        assertEquals(2, WeirCommand.run("run"));
        assertTrue(err().contains("counts, nexmark, sessions, wordcount"), err());
    }

    @Test
    void helpAtEveryLevelGoesToStdoutAndExitsZero() {
        assertEquals(0, WeirCommand.run("--help"));
        assertTrue(out().contains("Usage: weir"), out());
        assertTrue(out().contains("run") && out().contains("checkpoints"), out());
        reset();
        assertEquals(0, WeirCommand.run("help"));
        assertTrue(out().contains("Usage: weir"), out());
        assertTrue(out().contains("sessions"), "the jobs are named in the description of run: " + out());
        reset();
        assertEquals(0, WeirCommand.run("run", "--help"));
        assertTrue(out().contains("counts") && out().contains("sessions") && out().contains("wordcount"), out());
        reset();
        assertEquals(0, WeirCommand.run("help", "run"));
        assertTrue(out().contains("Usage: weir run"), out());
        assertEquals("", err());
    }

    @Test
    void aJobsHelpDescribesEveryOptionWithItsDefault() {
        assertEquals(0, WeirCommand.run("run", "counts", "--help"));
        String help = out();
        for (String option : List.of("--parallelism", "--job-name", "--checkpoint-dir", "--checkpoint-interval",
                "--restore", "--fresh", "--require-uids", "--state", "--progress-interval", "--records", "--keys",
                "--rate", "--output", "--source", "--sink", "--bootstrap-servers", "--input-topic", "--output-topic",
                "--jdbc-url", "--table", "--user", "--password-env", "--preload")) {
            assertTrue(help.contains("  " + option), option + " missing in:\n" + help);
            // The option's description (up to the next option) names its default.
            String rest = help.substring(help.indexOf("  " + option));
            int next = rest.indexOf("\n      --", 1);
            String description = next < 0 ? rest : rest.substring(0, next);
            assertTrue(description.contains("Default:"), "no default for " + option + ": " + description);
        }
        assertTrue(help.contains("Default: 200ms"), help);
        assertTrue(help.contains("Default: the job's own name (counts)"), help);
        reset();
        assertEquals(0, WeirCommand.run("run", "wordcount", "--help"));
        assertTrue(out().contains("Default: the job's own name (wordcount)"), out());
        assertTrue(out().contains("--input=FILE"), out());
    }

    @Test
    void whenTheInputFileIsMissing_thenItExitsTwoWithTheMessageAndNoStackTrace() {
        Path missing = dir.resolve("missing.txt");
        assertEquals(2, WeirCommand.run("run", "wordcount", "--input", missing.toString()));
        assertTrue(err().contains(missing.toString()), err());
        assertFalse(err().contains("\tat "), "a stack trace: " + err());
    }

    @Test
    void whenRestoreAndFreshAreBothGiven_thenItExitsTwoNamingBoth() {
        assertEquals(2, WeirCommand.run("run", "counts", "--records", "10", "--restore", "latest", "--fresh",
                "--checkpoint-dir", dir.resolve("checkpoints").toString(), "--output", dir.resolve("out").toString()));
        assertTrue(err().contains("--restore") && err().contains("--fresh"), err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing may run");
    }

    @Test
    void whenTheCheckpointToRestoreIsNotUsable_thenItExitsTwoNamingItWithoutAStackTrace() throws Exception {
        Path notACheckpoint = Files.createDirectories(dir.resolve("chk-5"));
        assertEquals(2, WeirCommand.run("run", "counts", "--records", "10", "--restore", notACheckpoint.toString(),
                "--checkpoint-dir", dir.resolve("checkpoints").toString(), "--output", dir.resolve("out").toString()));
        assertTrue(err().contains("did not start") && err().contains(notACheckpoint.toString()), err());
        assertFalse(err().contains("\tat "), "a stack trace: " + err());
    }

    @Test
    void whenADurationIsMalformed_thenItExitsTwoNamingTheOption() {
        assertEquals(2, WeirCommand.run("run", "counts", "--checkpoint-interval", "soon"));
        assertTrue(err().contains("--checkpoint-interval") && err().contains("soon"), err());
    }

    @Test
    void runSessions_commitsSessionsAndLateClicksIntoTheOutputDirectory() throws Exception {
        Path output = dir.resolve("out");
        assertEquals(0, WeirCommand.run("run", "sessions", "--clicks", "20000", "--users", "100", "--rate", "20000",
                "--progress-interval", "0", "--checkpoint-dir", dir.resolve("checkpoints").toString(),
                "--output", output.toString()), err());
        assertTrue(out().contains("sessions: finished"), out());
        assertFalse(list(output.resolve("sessions")).isEmpty(), "no committed session files");
        assertFalse(list(output.resolve("late")).isEmpty(), "no committed late clicks");
    }

    @Test
    void theJobNameNamesTheCheckpointSubdirectory_andDefaultsToTheJobsOwnName() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        assertEquals(0, WeirCommand.run("run", "counts", "--records", "2000", "--keys", "10", "--job-name", "my-counts",
                "--checkpoint-dir", checkpoints.toString(), "--output", dir.resolve("out1").toString()), err());
        assertTrue(Files.isDirectory(checkpoints.resolve("my-counts")), "no my-counts in " + list(checkpoints));
        assertTrue(out().contains("my-counts: finished"), out());

        assertEquals(0, WeirCommand.run("run", "counts", "--records", "2000", "--keys", "10",
                "--checkpoint-dir", checkpoints.toString(), "--output", dir.resolve("out2").toString()), err());
        Path input = Files.writeString(dir.resolve("in.txt"), "a b a\n");
        assertEquals(0, WeirCommand.run("run", "wordcount", "--input", input.toString(),
                "--checkpoint-dir", checkpoints.toString()), err());
        assertEquals(List.of("counts", "my-counts", "wordcount"), list(checkpoints));
    }

    @Test
    void whileAJobRuns_thenAProgressLineAppearsOnStdout() {
        assertEquals(0, WeirCommand.run("run", "counts", "--records", "6000", "--keys", "10", "--rate", "10000",
                "--progress-interval", "100ms", "--checkpoint-interval", "50ms",
                "--checkpoint-dir", dir.resolve("checkpoints").toString(), "--output", dir.resolve("out").toString()),
                err());
        List<String> progress = out().lines().filter(l -> l.contains(" records in (")).toList();
        assertTrue(progress.size() >= 3, "progress lines: " + out());
        assertTrue(progress.get(progress.size() - 1).matches(
                "counts: 0:00:0\\d, [\\d,]+ records in \\([\\d,]+/s\\), [\\d,]+ out \\([\\d,]+/s\\), \\d+ checkpoints"
                        + " \\(last \\d+ ms\\), 0 restarts"), progress.get(progress.size() - 1));
    }

    @Test
    void whenTheProgressIntervalIsZero_thenNoProgressLineAppears() {
        assertEquals(0, WeirCommand.run("run", "counts", "--records", "3000", "--keys", "10", "--rate", "10000",
                "--progress-interval", "0", "--checkpoint-dir", dir.resolve("checkpoints").toString(),
                "--output", dir.resolve("out").toString()), err());
        assertFalse(out().contains(" records in ("), out());
    }

    @Test
    void checkpointsInspectShowsOperatorsStateFilesAndOperatorStateLists() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        assertEquals(0, WeirCommand.run("run", "counts", "--records", "3000", "--keys", "10", "--rate", "10000",
                "--checkpoint-interval", "50ms", "--checkpoint-dir", checkpoints.toString(),
                "--output", dir.resolve("out").toString()), err());
        Files.createDirectories(checkpoints.resolve("counts").resolve("chk-999"));
        reset();

        assertEquals(0, WeirCommand.run("checkpoints", "inspect", checkpoints.resolve("counts").toString()), err());

        String report = out();
        assertTrue(report.matches("(?s).*checkpoint \\d+ of job 'counts', taken 20\\d\\d-.*, [\\d,]+ bytes.*intact.*"), report);
        assertTrue(report.contains("operator uid 'count' ('count'), parallelism 2"), report);
        assertTrue(report.contains("states: keyed 'count'"), report);
        assertTrue(report.contains("keyed state chk-"), report);
        assertTrue(report.contains("list 'source-splits' (source positions), split, "), report);
        assertTrue(report.contains("list 'two-phase-commit-pending' (pending transactions), union, "), report);
        assertTrue(report.contains("chk-999: checkpoint 999 is incomplete"), report);
    }

    @Test
    void inspectSaysSavepointOrCheckpointAndTheFormat_andRunRestoresFromASavepoint() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        dev.weir.api.StreamExecutionEnvironment env = dev.weir.api.StreamExecutionEnvironment.getExecutionEnvironment()
                .setParallelism(2).setJobName("counts");
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(checkpoints.toString());
        dev.weir.examples.Counts.define(env, 100_000, 10, 50_000, dir.resolve("out"));
        dev.weir.api.JobClient job = env.executeAsync();
        while (job.getProgress().checkpointsCompleted() < 1) {
            Thread.sleep(5);
        }
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toString(),
                dev.weir.api.SavepointFormatType.CANONICAL).get();
        reset();

        assertEquals(0, WeirCommand.run("inspect", savepoint), err());
        String report = out();
        assertTrue(report.matches("(?s).*: savepoint \\d+ of job 'counts'.*intact.*"), report);
        assertTrue(report.contains("kind: savepoint (self-contained"), report);
        assertTrue(report.contains("keyed state: heap canonical"), report);
        assertTrue(report.contains("keyed state count/"), report); // relative to the savepoint's directory
        reset();
        assertEquals(0, WeirCommand.run("inspect", checkpoints.resolve("counts").toString()), err());
        assertTrue(out().contains("kind: checkpoint (paths relative to the job directory"), out());

        reset();
        assertEquals(0, WeirCommand.run("run", "counts", "--records", "100000", "--keys", "10", "--rate", "0",
                "--parallelism", "3", "--checkpoint-interval", "50ms", "--checkpoint-dir", checkpoints.toString(),
                "--output", dir.resolve("out").toString(), "--restore", savepoint), err());
        assertTrue(out().contains("finished"), out());
    }

    @Test
    void checkpointsInspectOfADirectoryWithoutCheckpointsExitsTwo() {
        assertEquals(2, WeirCommand.run("checkpoints", "inspect", dir.toString()));
        assertTrue(err().contains("no chk-N directories in " + dir), err());
    }

    @Test
    void whenCountsRunsToTheEnd_thenItExitsZeroAndEveryRecordIsCommittedOnce() throws Exception {
        Path output = dir.resolve("out");
        assertEquals(0, WeirCommand.run(counts(output)), err.toString(StandardCharsets.UTF_8));

        List<String> lines = committedLines(output);
        assertEquals(20_000, lines.size());
        Set<String> seqs = new HashSet<>();
        for (String line : lines) {
            String[] fields = line.split(",");
            assertEquals(3, fields.length, line);
            assertEquals(Long.parseLong(fields[2]) % 10, Long.parseLong(fields[0]), line);
            assertTrue(seqs.add(fields[2]), "seq committed twice: " + line);
        }
        try (Stream<Path> files = Files.list(output)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().startsWith(".")).count(),
                    "in-progress files left behind");
        }
    }

    @Test
    void whenCountsRunsAgainIntoACommittedOutputWithoutRestore_thenItExitsTwoAndSuggestsRestoreLatest()
            throws Exception {
        Path output = dir.resolve("out");
        assertEquals(0, WeirCommand.run(counts(output)), err.toString(StandardCharsets.UTF_8));
        List<String> before = committedLines(output);
        err.reset();

        assertEquals(2, WeirCommand.run(counts(output)));

        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains(output.toAbsolutePath().toString()), message);
        assertTrue(message.contains("--restore latest"), message);
        assertEquals(before, committedLines(output), "the refused run must not write anything");
    }

    @Test
    void whenCountsIsAskedForAnUnknownStateBackend_thenItExitsTwoNamingTheOption() {
        Path output = dir.resolve("out");
        assertEquals(2, WeirCommand.run(new String[] {"run", "counts", "--records", "10", "--state", "leveldb",
                "--checkpoint-dir", dir.resolve("checkpoints").toString(), "--output", output.toString()}));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--state"), message);
        assertTrue(message.contains("leveldb"), message);
        assertFalse(Files.exists(output), "nothing may run");
    }

    @Test
    void countsRunsOnRocksdbState() throws Exception {
        Path output = dir.resolve("out");
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(counts(output)),
                java.util.stream.Stream.of("--state", "rocksdb")).toArray(String[]::new);
        assertEquals(0, WeirCommand.run(args), err.toString(StandardCharsets.UTF_8));
        assertEquals(20_000, committedLines(output).size());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8).replace("\r", "");
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void reset() {
        out.reset();
        err.reset();
    }

    private static List<String> list(Path directory) throws Exception {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String[] counts(Path output) {
        return new String[] {"run", "counts", "--records", "20000", "--keys", "10",
                "--checkpoint-dir", dir.resolve("checkpoints").toString(), "--output", output.toString()};
    }

    /** The lines of the committed (non-hidden) files. */
    private static List<String> committedLines(Path output) throws Exception {
        try (Stream<Path> files = Files.list(output)) {
            List<Path> committed = files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
            List<String> lines = new java.util.ArrayList<>();
            for (Path file : committed) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
            return lines;
        }
    }
}
