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
        assertEquals(0, WeirCommand.run(new String[] {"run", "wordcount", "--input", input.toString()}));
        assertEquals("be 2\nto 2\nnot 1\nor 1\n", out.toString(StandardCharsets.UTF_8).replace("\r", ""));
    }

    @Test
    void aBadOptionExitsTwoAndNamesTheOption() {
        assertEquals(2, WeirCommand.run(new String[] {"run", "wordcount", "--input", "x", "--parallelizm", "2"}));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--parallelizm"), err.toString());
    }

    @Test
    void anUnknownJobExitsTwoAndListsTheJobs() {
        assertEquals(2, WeirCommand.run(new String[] {"run", "nope"}));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("wordcount"), err.toString());
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
