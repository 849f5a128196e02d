package dev.weir.examples;

import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionException;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.web.DashboardOptions;
import dev.weir.web.WebServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Runs a job of the command line to its end: prints a progress line while it runs, and on
 * Ctrl-C or SIGTERM (a JVM shutdown hook) cancels it, waits for it to stop and prints what was
 * committed and the exact command that resumes it (the same command with {@code --restore latest}).
 *
 * <p><b>Out of heap.</b> Once the job has started, the resume command goes to the file named by
 * {@code $WEIR_RESUME_FILE} (set by the {@code ./weir} launcher): line 1 the resume command (empty
 * when the job cannot resume), line 2 the JVM's maximum heap in MB, line 3 why it cannot resume (if
 * so). The launcher runs the JVM with {@code -XX:+ExitOnOutOfMemoryError}, so nothing in this JVM
 * runs after an out-of-memory error; the launcher prints the file's command as its last line. When
 * the JVM survives an {@code OutOfMemoryError} (that option turned off, or embedded use), the job
 * fails and the failure carries the same resume command.
 *
 * <p><b>Dashboard.</b> While the job runs, its REST API and dashboard ({@link WebServer}) listen on
 * {@code --http-address}:{@code --http-port} (127.0.0.1:8081 unless told, the next ports when busy); the
 * command prints {@code dashboard: URL} to standard error once the job has started. {@code weir savepoint} and {@code weir stop}
 * use that URL.
 *
 * <p>Made by {@link CommonJobOptions#runner()}; set the job's committed output and the options a
 * resume needs, then {@link #run}. Used from the command's main thread.
 */
public final class JobRunner {
    /** How long the shutdown hook waits for a cancelled job to stop. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern PLAIN_ARGUMENT = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private final String jobName;
    private final Duration progressInterval;
    private final CommandLine command;
    private String committedOutput = "the job's sink";
    private String notResumable;
    private final Map<String, String> resumeOptions = new LinkedHashMap<>();
    private final Set<String> firstRunOnly = new LinkedHashSet<>(List.of("--restore", "--fresh"));
    private Web web;
    private Map<String, String> flinkOptions;

    /**
     * Where the job's REST API and dashboard listen ({@link WebServer}).
     *
     * @param address       the address to bind (127.0.0.1 unless the user asks)
     * @param port          the first port tried (the next 19 when busy); 0 any free port
     * @param savepointDir  the directory savepoints over HTTP must lie under; null: the job's savepoint
     *                      directory, else {@code <checkpoint dir>/<job>/savepoints}
     */
    public record Web(String address, int port, Path savepointDir) {
    }

    JobRunner(String jobName, Duration progressInterval, CommandLine command) {
        this.jobName = jobName;
        this.progressInterval = progressInterval;
        this.command = command;
    }

    /** Serve the job's REST API and dashboard while it runs ({@code null}: none). */
    JobRunner web(Web web) {
        this.web = web;
        return this;
    }

    /**
     * Run the job on Flink ({@code --runner flink}) with these options of the Flink runner: {@link #run} names the
     * job's program — the command's class and its arguments with the defaults made up at run time resolved
     * ({@link #resumeWith}) — so that each TaskManager rebuilds the same job ({@link CommonJobOptions#inTaskManager()}).
     */
    JobRunner flink(Map<String, String> options) {
        this.flinkOptions = Map.copyOf(options);
        return this;
    }

    /** Where the committed output is, for the report after a stop (a directory, a topic). */
    public JobRunner committedOutput(String where) {
        this.committedOutput = where;
        return this;
    }

    /** The job cannot resume (e.g. its output is printed only at its end); a stop says why instead of how to resume. */
    public JobRunner notResumable(String why) {
        this.notResumable = why;
        return this;
    }

    /** An option the resume command must carry, added unless the command line gave it (a default made up at run time). */
    public JobRunner resumeWith(String option, String value) {
        resumeOptions.put(option, value);
        return this;
    }

    /** A flag that only makes sense in the first run (e.g. {@code --preload}); the resume command drops it. */
    public JobRunner resumeWithout(String flag) {
        firstRunOnly.add(flag);
        return this;
    }

    /**
     * Starts the job and waits for its end, reporting progress.
     *
     * @return the result of a job that finished
     * @throws IllegalArgumentException the job did not start (a mistake in the job or its options,
     *                                  an unusable checkpoint): nothing ran
     * @throws JobExecutionException    the job failed while running
     */
    public JobExecutionResult run(StreamExecutionEnvironment env) throws InterruptedException {
        if (flinkOptions != null) {
            onFlink(env);
        }
        JobClient client;
        try {
            client = env.executeAsync(); // in a TaskManager's rebuild of the plan it unwinds with an Error: let it pass
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("job '" + jobName + "' did not start: " + e.getMessage(), e);
        }
        writeResumeFile();
        if (client instanceof dev.weir.api.spi.EngineWebInterface engine) {
            System.err.println("flink web UI: " + engine.getWebInterfaceURL());
            System.err.flush();
        }
        ProgressLine progress = ProgressLine.start(jobName, client, progressInterval);
        Thread hook = new Thread(() -> stopOnSignal(client, progress), "weir-stop: " + jobName);
        Runtime.getRuntime().addShutdownHook(hook);
        // After the hook: a stop while the server starts must still report and resume.
        WebServer dashboard = startWeb(client, env);
        JobExecutionResult result;
        try {
            result = client.awaitResult();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs (or ran): it reports the stop, then the JVM exits. Returning here
                // would report the cancelled job a second time, as a failure.
                new CountDownLatch(1).await();
            }
            if (progress != null) {
                progress.close();
            }
            if (dashboard != null) {
                dashboard.close();
            }
        }
        if (result.status() == JobStatus.FAILED && result.failureCause() instanceof OutOfMemoryError outOfHeap) {
            throw new JobExecutionException(result, outOfHeap.getMessage() + (notResumable != null
                    ? "; it cannot resume: " + notResumable
                    : "; resume with: WEIR_JAVA_OPTS=" + largerHeapOption() + " " + resumeCommand()), outOfHeap);
        }
        if (result.status() != JobStatus.FINISHED) {
            result.orThrow();
        }
        return result;
    }

    /** Sets the Flink runner's options and the job's program on {@code env}. */
    private void onFlink(StreamExecutionEnvironment env) {
        dev.weir.api.configuration.Configuration conf = new dev.weir.api.configuration.Configuration();
        flinkOptions.forEach(conf::setString);
        dev.weir.api.spi.ProgramOptions.set(conf, command.getCommandSpec().userObject().getClass(), programArgs());
        env.configure(conf);
    }

    /**
     * The job command's arguments as given (without the launcher's {@code run JOB}) plus the options a resume
     * needs that were made up at run time ({@link #resumeWith}): what each TaskManager runs the command with.
     */
    List<String> programArgs() {
        CommandLine root = command;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        List<String> original = root.getParseResult() == null ? List.of() : root.getParseResult().originalArgs();
        List<String> args = new ArrayList<>(original);
        if (root != command) { // weir run counts ...: the job's own arguments follow its name
            int at = args.indexOf(command.getCommandName());
            args = at < 0 ? args : new ArrayList<>(args.subList(at + 1, args.size()));
        }
        Set<String> given = new LinkedHashSet<>();
        for (String arg : args) {
            given.add(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg);
        }
        List<String> program = args;
        resumeOptions.forEach((option, value) -> {
            if (!given.contains(option)) {
                program.add(option);
                program.add(value);
            }
        });
        return program;
    }

    /**
     * Starts the REST API and dashboard and prints {@code dashboard: URL} (standard error); a job without one (no free port,
     * {@code --no-http}) runs on, with the reason on standard error.
     */
    private WebServer startWeb(JobClient client, StreamExecutionEnvironment env) {
        if (web == null) {
            return null;
        }
        Path savepoints = web.savepointDir() != null ? web.savepointDir()
                : env.getCheckpointConfig().getSavepointDirectory();
        Path checkpoints = env.getCheckpointConfig().getDirectory();
        if (savepoints == null && checkpoints != null) { // where the job puts savepoints asked for without a directory
            savepoints = checkpoints.resolve(jobName).resolve("savepoints");
        }
        try {
            WebServer server = WebServer.start(client, DashboardOptions.defaults().withBindAddress(web.address())
                    .withPort(web.port()).withSavepointDirectory(savepoints));
            String url = server.url().toString();
            // On stderr, with the launcher's messages: a job's standard output may be its data (wordcount).
            System.err.println("dashboard: " + url.substring(0, url.length() - 1));
            System.err.flush();
            return server;
        } catch (java.io.UncheckedIOException e) {
            System.err.println(jobName + ": runs without its dashboard: " + e.getMessage());
            return null;
        }
    }

    private static long maxHeapMegabytes() {
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    /** Twice the heap this JVM has, at least 64 MB: a start for the user's next try. */
    private static String largerHeapOption() {
        return "-Xmx" + Math.max(64, 2 * maxHeapMegabytes()) + "m";
    }

    /** Hands the resume command to the launcher for after an out-of-heap exit (see the class comment). */
    private void writeResumeFile() {
        String file = System.getenv("WEIR_RESUME_FILE");
        if (file == null || file.isBlank()) {
            return;
        }
        String content = (notResumable == null ? resumeCommand() : "") + "\n" + maxHeapMegabytes() + "\n"
                + (notResumable == null ? "" : notResumable.replace('\n', ' ')) + "\n";
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(file), content);
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println(jobName + ": cannot write the resume command to " + file + " (WEIR_RESUME_FILE): " + e);
        }
    }

    private void stopOnSignal(JobClient client, ProgressLine progress) {
        client.cancel();
        PrintStream out = System.out;
        JobExecutionResult result;
        try {
            result = client.awaitResult(STOP_TIMEOUT);
        } catch (InterruptedException | TimeoutException e) {
            if (progress != null) {
                progress.close();
            }
            System.err.println(jobName + ": did not stop within " + STOP_TIMEOUT.toSeconds() + " s; the last "
                    + "completed checkpoint is intact, resume with: " + resumeCommand());
            return;
        }
        if (progress != null) {
            progress.close();
        }
        if (notResumable != null) {
            out.printf(Locale.ROOT, "%s: stopped after %.1f s; it cannot resume: %s%n", jobName,
                    result.duration().toNanos() / 1e9, notResumable);
            out.flush();
            return;
        }
        long lastCheckpoint = result.completedCheckpoints().stream()
                .mapToLong(c -> c.checkpointId()).max().orElse(-1);
        out.printf(Locale.ROOT, "%s: %s after %.1f s; %s%n", jobName,
                result.status() == JobStatus.FINISHED ? "finished" : "stopped", result.duration().toNanos() / 1e9,
                lastCheckpoint < 0 ? "no checkpoint completed, nothing is committed in " + committedOutput
                        : "the last completed checkpoint is " + lastCheckpoint + "; the output up to it is committed"
                        + " in " + committedOutput + " (what is still pending commits when the job resumes)");
        out.println(jobName + ": resume with: " + resumeCommand());
        out.flush();
    }

    /**
     * The command line that resumes this job: the one it was started with, without first-run
     * options ({@code --restore}, {@code --fresh}, ...), with the options a resume needs, and
     * {@code --restore latest}. Starts with {@code $WEIR_LAUNCHER} (the {@code ./weir} script sets
     * it), else the root command's name.
     */
    public String resumeCommand() {
        CommandLine root = command;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        List<String> original = root.getParseResult() == null ? List.of() : root.getParseResult().originalArgs();
        List<String> args = new ArrayList<>();
        String launcher = System.getenv("WEIR_LAUNCHER");
        args.add(launcher != null && !launcher.isBlank() ? launcher : root.getCommandName());
        Set<String> given = new LinkedHashSet<>();
        for (int i = 0; i < original.size(); i++) {
            String arg = original.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (firstRunOnly.contains(name)) {
                boolean takesValue = name.equals("--restore") && !arg.contains("=");
                if (takesValue) {
                    i++;
                }
                continue;
            }
            given.add(name);
            args.add(arg);
        }
        resumeOptions.forEach((option, value) -> {
            if (!given.contains(option)) {
                args.add(option);
                args.add(value);
            }
        });
        args.add("--restore");
        args.add("latest");
        StringBuilder line = new StringBuilder(args.get(0)); // the launcher, as given
        for (String arg : args.subList(1, args.size())) {
            line.append(' ').append(PLAIN_ARGUMENT.matcher(arg).matches() ? arg
                    : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
