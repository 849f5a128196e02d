package dev.weir.cli;

import dev.weir.examples.Counts;
import dev.weir.examples.Sessions;
import dev.weir.examples.WordCount;
import dev.weir.nexmark.Nexmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weir run <job>}: each built-in job is a subcommand with its own options and the common ones. */
@Command(name = "run", sortOptions = false,
        description = "Runs a job (counts, nexmark, sessions, wordcount) in this JVM until it ends; Ctrl-C stops it cleanly and "
                + "prints how to resume it.",
        commandListHeading = "%nJobs (weir run JOB --help lists a job's options):%n",
        subcommands = {Counts.class, Nexmark.class, Sessions.class, WordCount.class})
final class RunCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "which job? one of: " + String.join(", ", spec.subcommands().keySet()));
    }
}
