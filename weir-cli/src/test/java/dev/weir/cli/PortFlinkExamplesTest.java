package dev.weir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Weir ports of weir-examples' Flink jobs are exactly what {@code weir port} makes of their
 * Flink originals ({@code weir-examples/src/test/resources/flink-originals}, which weir-bench-flink
 * runs on Flink), so the examples show the tool's output, not a hand-made port.
 */
class PortFlinkExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "weir-examples", "src", "test");
    private static final Path ORIGINALS = EXAMPLES.resolve("resources/flink-originals");
    private static final Path PORTS = EXAMPLES.resolve("java/dev/weir/examples/flink");

    @TempDir
    Path dir;

    @Test
    void portingTheFlinkOriginals_givesTheWeirPortsOfTheExamples_byteForByte() throws Exception {
        List<Path> originals;
        try (Stream<Path> files = Files.list(ORIGINALS)) {
            originals = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(originals.size() >= 4, "the Flink originals in " + ORIGINALS.toAbsolutePath());
        for (Path original : originals) {
            Files.copy(original, dir.resolve(original.getFileName()));
        }

        assertEquals(0, portQuietly(dir), "every Flink import of the originals maps to Weir");

        for (Path original : originals) {
            Path port = PORTS.resolve(original.getFileName());
            assertEquals(Files.readString(port), Files.readString(dir.resolve(original.getFileName())),
                    "weir port of " + original + " vs the example " + port);
        }
    }

    /** Runs {@code weir port DIR}; its report goes to a buffer rather than the test's output. */
    private static int portQuietly(Path dir) throws IOException {
        PrintStream out = System.out;
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        System.setOut(new PrintStream(report, true, StandardCharsets.UTF_8));
        try {
            return WeirCommand.run("port", dir.toString());
        } finally {
            System.setOut(out);
        }
    }
}
