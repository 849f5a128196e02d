package dev.weir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
