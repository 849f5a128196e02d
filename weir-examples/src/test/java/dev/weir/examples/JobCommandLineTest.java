package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionException;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The exit codes and messages of the command line: 2 for the user's mistakes, 1 for a failed job. */
class JobCommandLineTest {

    @Command(name = "job")
    static final class Throwing implements Callable<Integer> {
        @Option(names = "--throw")
        private String what = "nothing";

        @Override
        public Integer call() {
            switch (what) {
                case "mistake" -> throw new IllegalArgumentException("option --x is wrong: use y");
                case "failed" -> throw new JobExecutionException(new JobExecutionResult("job", JobStatus.FAILED,
                        java.time.Duration.ZERO, null, java.util.List.of(), 0, java.util.List.of()), "job 'job' failed: operator 'map' threw",
                        new IllegalStateException("division by zero in record 7"));
                case "bug" -> throw new NullPointerException("a bug");
                default -> {
                    return 0;
                }
            }
        }
    }

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = JobCommandLine.create(new Throwing());
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }

    @Test
    void aMistakeOfTheUserExitsTwoWithItsMessageAndNoStackTrace() {
        assertEquals(2, run("--throw", "mistake"));
        assertEquals("job: option --x is wrong: use y", err.toString().strip());
    }

    @Test
    void aJobThatFailedWhileRunningExitsOneWithTheFailureAndItsCauseButNoStackTrace() {
        assertEquals(1, run("--throw", "failed"));
        String message = err.toString();
        assertTrue(message.startsWith("job: the job failed: job 'job' failed: operator 'map' threw"), message);
        assertTrue(message.contains("caused by: division by zero in record 7"), message);
        assertFalse(message.contains("\tat "), message);
    }

    @Test
    void aBugExitsOneWithItsStackTrace() {
        assertEquals(1, run("--throw", "bug"));
        assertTrue(err.toString().contains("internal error: java.lang.NullPointerException: a bug"), err.toString());
        assertTrue(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void anUnknownOptionExitsTwoSuggestingTheNearestOne() {
        assertEquals(2, run("--thorw", "x"));
        assertTrue(err.toString().contains("Unknown options: '--thorw', 'x'"), err.toString());
        assertTrue(err.toString().contains("--throw"), err.toString());
        assertTrue(err.toString().contains("See 'job --help' for the options."), err.toString());
    }
}
