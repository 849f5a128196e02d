package dev.weir.examples;

import dev.weir.api.JobExecutionException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * A picocli {@link CommandLine} set up the way the {@code weir} command and the jobs' own
 * {@code main} methods report: help and results on stdout, mistakes on stderr as one message
 * without a stack trace. Exit codes: 0 success (and help), 1 a job that failed while running,
 * 2 a mistake of the user (an unknown or malformed option, a missing input file, a refused
 * checkpoint: {@link CommandLine.ParameterException} or {@link IllegalArgumentException}).
 * Anything else is a bug: exit 1 with its stack trace.
 */
public final class JobCommandLine {
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private JobCommandLine() {
    }

    /** A command line for {@code command} (annotated with picocli's {@code @Command}). */
    public static CommandLine create(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setParameterExceptionHandler(JobCommandLine::onParameterException);
        commandLine.setExecutionExceptionHandler(JobCommandLine::onExecutionException);
        return commandLine;
    }

    private static int onParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        String name = failed.getCommandSpec().qualifiedName();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !failed.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            err.println(name + ": '" + unmatched.getUnmatched().get(0) + "' is not one of: "
                    + String.join(", ", failed.getSubcommands().keySet()));
        } else {
            err.println(name + ": " + e.getMessage());
        }
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("See '" + name + " --help' for the options.");
        err.flush();
        return USAGE;
    }

    private static int onExecutionException(Exception e, CommandLine failed, CommandLine.ParseResult parseResult) {
        PrintWriter err = failed.getErr();
        String name = failed.getCommandSpec().qualifiedName();
        int exitCode;
        if (e instanceof CommandLine.ParameterException p) {
            return onParameterException(p, parseResult.originalArgs().toArray(String[]::new));
        } else if (e instanceof IllegalArgumentException) {
            err.println(name + ": " + e.getMessage());
            exitCode = USAGE;
        } else if (e instanceof JobExecutionException) {
            err.println(name + ": the job failed: " + e.getMessage());
            for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                if (cause.getMessage() != null && !e.getMessage().contains(cause.getMessage())) {
                    err.println("  caused by: " + cause.getMessage());
                }
            }
            exitCode = FAILED;
        } else {
            err.println(name + ": internal error: " + e);
            e.printStackTrace(err);
            exitCode = FAILED;
        }
        err.flush();
        return exitCode;
    }
}
