package dev.weir.cli.port;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryPorterTest {
    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotUtf8IsLeftAsItWasAndReported() throws Exception {
        byte[] latin1 = "import org.apache.flink.util.Collector; // gr\u00fc\u00dfe\nclass Job {}\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("Job.java"), latin1);

        DirectoryPorter.Report report = new DirectoryPorter(PublicApi.scan()).port(dir, false);

        assertArrayEquals(latin1, Files.readAllBytes(file));
        assertFalse(report.complete());
        assertEquals(Map.of("(the file Job.java)", new DirectoryPorter.Leftover(
                "not UTF-8: not read; save it as UTF-8 and run weir port again", Map.of(Path.of("Job.java"), List.of()))),
                report.unmapped());
    }

    @Test
    void aRewrittenFileKeepsItsPermissions_andAnUnchangedOneIsNotWritten() throws Exception {
        Path ported = Files.writeString(dir.resolve("Job.java"), "import org.apache.flink.util.Collector;\n");
        Files.setPosixFilePermissions(ported, PosixFilePermissions.fromString("rw-r--r--"));
        Path untouched = Files.writeString(dir.resolve("Other.java"), "import java.util.List;\n");
        Files.setLastModifiedTime(untouched, java.nio.file.attribute.FileTime.fromMillis(0));

        DirectoryPorter.Report report = new DirectoryPorter(PublicApi.scan()).port(dir, false);

        assertTrue(report.complete());
        assertEquals("import dev.weir.api.Collector;\n", Files.readString(ported));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(ported)));
        assertEquals(0, Files.getLastModifiedTime(untouched).toMillis());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("Job.java", "Other.java"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left behind");
        }
    }
}
