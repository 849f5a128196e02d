package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command {@link JobRunner} prints to resume a stopped job. */
class JobRunnerTest {

    private static JobRunner runner(String... args) {
        CommandLine commandLine = JobCommandLine.create(new Counts());
        commandLine.parseArgs(args);
        return new JobRunner("counts", Duration.ZERO, commandLine);
    }

    @Test
    void theResumeCommandIsTheSameCommandWithRestoreLatest() {
        assertEquals("counts --records 10 --checkpoint-dir /c --output /o --restore latest",
                runner("--records", "10", "--checkpoint-dir", "/c", "--output", "/o").resumeCommand());
    }

    @Test
    void itDropsFirstRunOptionsAndAnEarlierRestore() {
        JobRunner runner = runner("--fresh", "--restore", "/c/counts/chk-3", "--preload", "--keys", "5")
                .resumeWithout("--preload");
        assertEquals("counts --keys 5 --restore latest", runner.resumeCommand());
    }

    @Test
    void itPinsDefaultsMadeUpAtRunTime_unlessTheCommandGaveThem_andQuotesWhatTheShellWouldSplit() {
        JobRunner runner = runner("--output=/my out", "--restore=latest", "--job-name", "it's")
                .resumeWith("--checkpoint-dir", "/tmp/weir-counts-1/checkpoints")
                .resumeWith("--output", "/tmp/weir-counts-1/output");
        assertEquals("counts '--output=/my out' --job-name 'it'\\''s' --checkpoint-dir /tmp/weir-counts-1/checkpoints"
                + " --restore latest", runner.resumeCommand());
    }

    @Test
    void onFlinkTheTaskManagersRunTheJobsOwnArgumentsWithTheDefaultsMadeUpAtRunTime() {
        CommandLine root = new CommandLine(new Root())
                .addSubcommand("run", new CommandLine(new Run()).addSubcommand("counts", new Counts()));
        root.parseArgs("run", "counts", "--records", "10", "--runner", "flink");
        CommandLine counts = root.getSubcommands().get("run").getSubcommands().get("counts");
        JobRunner runner = new JobRunner("counts", Duration.ZERO, counts)
                .resumeWith("--checkpoint-dir", "/tmp/weir-counts-1/checkpoints")
                .resumeWith("--records", "99");
        assertEquals(java.util.List.of("--records", "10", "--runner", "flink", "--checkpoint-dir",
                "/tmp/weir-counts-1/checkpoints"), runner.programArgs());
    }

    @CommandLine.Command(name = "weir")
    static final class Root {
    }

    @CommandLine.Command(name = "run")
    static final class Run {
    }
}
