package dev.weir.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weir checkpoints inspect DIR}: what the checkpoints of a job hold, verified. */
@Command(name = "checkpoints", sortOptions = false,
        description = "Works with the checkpoints a job left in its checkpoint directory.",
        subcommands = CheckpointsCommand.Inspect.class)
final class CheckpointsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "which command? " + String.join(", ", spec.subcommands().keySet()));
    }

    /** Prints each checkpoint of a job directory, or one chk-N directory; exit 1 if one is unusable. */
    @Command(name = "inspect", sortOptions = false,
            description = "Shows per checkpoint or savepoint: whether it is a savepoint or a checkpoint, the format "
                    + "of its keyed state (heap's canonical key groups or RocksDB's native files), id, time, size, job, the operators by uid with their state files "
                    + "and sizes, and their operator state (source positions, pending transactions) by list name, "
                    + "entry count and bytes. Checks every file against the metadata; exit code 1 if a "
                    + "checkpoint is not usable.")
    public static final class Inspect implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        private boolean help;

        @Parameters(paramLabel = "DIR", description = "A job's checkpoint directory (<checkpoint-dir>/<job-name>), "
                + "one checkpoint's directory (chk-N) or a savepoint's directory.")
        private Path directory;

        @Override
        public Integer call() {
            if (!Files.isDirectory(directory)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no directory " + directory
                        + ": give a job's checkpoint directory (<checkpoint-dir>/<job-name>) or a chk-N directory");
            }
            return new CheckpointInspector(System.out).inspect(directory) ? 0 : 1;
        }
    }
}
