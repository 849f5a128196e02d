package dev.weir.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.examples.JobCommandLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NexmarkCommandTest {
    @TempDir
    Path dir;
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = JobCommandLine.create(new Nexmark());
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void aMalformedEventLineFailsTheJobNamingTheFileAndLine() throws IOException {
        Path events = dir.resolve("events.json");
        assertEquals(0, run("--events", "100", "--write-events", events.toString()));
        List<String> lines = new ArrayList<>(Files.readAllLines(events));
        lines.set(41, lines.get(41).replace("\"dateTime\":", "\"dateTime\":\"x"));
        Files.write(events, lines);
        assertEquals(JobCommandLine.FAILED, run("--query", "q0", "--events", events.toString(), "--parallelism", "1",
                "--progress-interval", "0"));
        assertTrue(err.toString().contains(events + ":42: "), err.toString());
    }

    @Test
    void anUnknownQueryIsAMistakeOfTheUserNamingTheQueries() {
        assertEquals(JobCommandLine.USAGE, run("--query", "q9", "--events", "10"));
        assertTrue(err.toString().contains(
                        "unknown Nexmark query 'q9': one of q0, q1, q2, q3, q4, q5, q6, q7, q8, q11, q12"),
                err.toString());
    }

    @Test
    void withoutOutputTheJobPrintsTheEventsAndRowsPerSecond() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, run("--query", "q2", "--events", "50000", "--parallelism", "2", "--progress-interval", "0"));
        } finally {
            System.setOut(stdout);
        }
        Matcher summary = Pattern.compile("(\\d+) events \\((\\d+) events/s\\), (\\d+) result rows")
                .matcher(out.toString(StandardCharsets.UTF_8));
        assertTrue(summary.find(), out.toString(StandardCharsets.UTF_8));
        assertEquals("50000", summary.group(1));
        assertTrue(Long.parseLong(summary.group(3)) > 0, summary.group());
    }
}
