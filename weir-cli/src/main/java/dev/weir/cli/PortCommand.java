package dev.weir.cli;

import dev.weir.cli.port.DirectoryPorter;
import dev.weir.cli.port.PublicApi;
import dev.weir.examples.JobCommandLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weir port DIR [--dry-run]}: rewrites the Flink imports of the Java files under DIR to Weir's
 * classes of the same names, found on this command's classpath. Exit code 0 when every Flink import
 * was mapped, {@link #NOT_ALL_MAPPED} when some were left as they were (listed with their files and
 * lines), 2 for a mistake in the command, 1 when a file could not be read or written (the message
 * names it).
 */
@Command(name = "port", sortOptions = false,
        header = "Ports a Flink job's sources to Weir: rewrites their Flink imports to Weir's classes.",
        description = {"Ports a Flink DataStream job to Weir: in every .java file under DIR, each import of a Flink "
                + "class (single, static, wildcard) and each fully qualified Flink name in code becomes Weir's class "
                + "of the same name. Prints the rewritten imports per file, then the Flink names Weir has no "
                + "counterpart for, with the files and lines that use them; those are left as they were.",
                "Exit codes: 0 all mapped, 4 some left as they were, 2 a mistake in the command, 1 a file that could "
                + "not be read or written."})
final class PortCommand implements Callable<Integer> {
    /** Exit code when some Flink names were left as they were. */
    static final int NOT_ALL_MAPPED = 4;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--dry-run", description = "Report what would change; write nothing.")
    private boolean dryRun;

    @Parameters(paramLabel = "DIR", description = "The directory with the job's sources (searched with its "
            + "subdirectories for .java files).")
    private Path directory;

    @Override
    public Integer call() {
        if (!Files.isDirectory(directory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no directory " + directory
                    + ": give the directory that holds the job's .java files (e.g. src/main/java)");
        }
        DirectoryPorter.Report report;
        try {
            report = new DirectoryPorter(PublicApi.scan()).port(directory, dryRun);
        } catch (IOException | UncheckedIOException e) {
            spec.commandLine().getErr().println("weir port: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return JobCommandLine.FAILED;
        }
        DirectoryPorter.print(report, directory, System.out);
        System.out.flush();
        return report.complete() ? 0 : NOT_ALL_MAPPED;
    }
}
