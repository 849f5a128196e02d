package dev.weir.cli;

import dev.weir.examples.JobCommandLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code weir} command: {@code weir run <job> [options]} runs a built-in job in this JVM,
 * {@code weir savepoint --url URL} and {@code weir stop --url URL --savepoint DIR} control a running job
 * through its REST API, {@code weir checkpoints inspect <dir>} (or {@code weir inspect <dir>}) shows what
 * checkpoints and savepoints hold, {@code weir port <dir>} ports a
 * Flink job's sources to Weir, {@code weir help} and {@code --help} at any level print the options
 * with their defaults. Exit codes: 0 success, 1 the job failed while running, 2 a mistake in the
 * command (see {@link JobCommandLine}), 4 {@code weir port} left some Flink imports as they were.
 */
@Command(name = "weir", sortOptions = false,
        description = "Runs Weir's built-in jobs, inspects their checkpoints and ports Flink jobs to Weir.",
        subcommands = {RunCommand.class, SavepointCommand.class, StopCommand.class, CheckpointsCommand.class,
                CheckpointsCommand.Inspect.class, PortCommand.class, CommandLine.HelpCommand.class})
public final class WeirCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; returns its exit code (the jobs' output goes to System.out/err). */
    static int run(String... args) {
        return JobCommandLine.create(new WeirCommand()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "which command? " + String.join(", ", spec.subcommands().keySet()));
    }
}
