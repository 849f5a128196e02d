package dev.weir.examples;

import dev.weir.api.StreamExecutionEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every job takes (a picocli mixin: {@code @Mixin CommonJobOptions common;}):
 * parallelism, job name, checkpoints, restore or fresh start, uid checking, the state backend and
 * the progress line. A job reads its own options, then calls {@link #configure} on its
 * environment and runs it with {@link #runner()}.
 *
 * <p>Filled by picocli on the thread that parses the command line; not thread-safe.
 */
public final class CommonJobOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec job;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--parallelism", paramLabel = "P", defaultValue = "2",
            description = "Parallel subtasks of each operator. Default: ${DEFAULT-VALUE}.")
    private int parallelism;

    @Option(names = "--job-name", paramLabel = "NAME",
            description = "The job's name; its checkpoints go to a subdirectory of --checkpoint-dir of this name. "
                    + "Default: the job's own name (${COMMAND-NAME}).")
    private String jobName;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Directory of checkpoints (one subdirectory per job name). Default: a new temporary "
                    + "directory for jobs that resume (counts, sessions, nexmark with --output); a job whose output "
                    + "cannot resume (wordcount) takes "
                    + "no checkpoints unless this is given.")
    private Path checkpointDir;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "200ms",
            converter = DurationConverter.class,
            description = "Time between checkpoints, like 200ms, 1s or 2m. Default: ${DEFAULT-VALUE}.")
    private Duration checkpointInterval;

    @Option(names = "--retained-checkpoints", paramLabel = "N", defaultValue = "2",
            description = "Completed checkpoints kept on disk; older ones are deleted. Default: ${DEFAULT-VALUE}.")
    private int retainedCheckpoints;

    @Option(names = "--tolerable-failed-checkpoints", paramLabel = "N", defaultValue = "0",
            description = "Failed checkpoints in a row (e.g. a full checkpoint disk) the job runs on through; one "
                    + "more fails the job. Default: ${DEFAULT-VALUE}.")
    private int tolerableFailedCheckpoints;

    @Option(names = "--restore", paramLabel = "latest|PATH",
            description = "Start from a checkpoint or savepoint: 'latest' (the newest intact checkpoint in the "
                    + "job's checkpoint directory, or a fresh start if there is none; savepoints are never taken "
                    + "for it), or the path of a chk-N or savepoint directory (any parallelism). "
                    + "Default: none (a fresh start).")
    private String restore;

    @Option(names = "--fresh",
            description = "Start fresh although the checkpoint directory holds checkpoints of this job. "
                    + "Default: ${DEFAULT-VALUE}.")
    private boolean fresh;

    @Option(names = "--require-uids",
            description = "Make a stateful operator without an explicit uid an error. Default: ${DEFAULT-VALUE}.")
    private boolean requireUids;

    @Option(names = "--state", paramLabel = "heap|rocksdb", defaultValue = "heap",
            converter = StateNameConverter.class,
            description = "Where keyed state lives: heap or rocksdb. Default: ${DEFAULT-VALUE}.")
    private String state;

    @Option(names = "--incremental", paramLabel = "true|false", defaultValue = "true", arity = "1",
            description = "With --state rocksdb: checkpoints upload only new files. Default: ${DEFAULT-VALUE}.")
    private boolean incremental;

    @Option(names = "--progress-interval", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Time between progress lines while the job runs; 0 turns them off. "
                    + "Default: ${DEFAULT-VALUE}.")
    private Duration progressInterval;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8081",
            description = "Port of the job's REST API and dashboard (printed as 'dashboard: URL'); when busy, the next "
                    + "19 ports are tried; 0 = any free port. Default: ${DEFAULT-VALUE} (Flink's).")
    private int httpPort;

    @Option(names = "--http-address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the REST API and dashboard listen on; any other than 127.0.0.1 is warned about "
                    + "(the API can stop the job). Default: ${DEFAULT-VALUE}.")
    private String httpAddress;

    @Option(names = "--no-http",
            description = "Run without the REST API and dashboard. Default: ${DEFAULT-VALUE}.")
    private boolean noHttp;

    @Option(names = "--savepoint-dir", paramLabel = "DIR",
            description = "Where savepoints go ('weir savepoint' and 'weir stop' without a directory); those asked "
                    + "for over the REST API must lie under it. Default: <checkpoint-dir>/<job-name>/savepoints.")
    private Path savepointDir;

    @Option(names = "--runner", paramLabel = "local|flink", defaultValue = "local",
            converter = RunnerConverter.class,
            description = "Where the job runs: local (Weir's runtime in this JVM) or flink (translated to a Flink job "
                    + "on a local Flink cluster of its own, or on the cluster of --flink-rest). Default: ${DEFAULT-VALUE}.")
    private String runner;

    @Option(names = "--taskmanagers", paramLabel = "N", defaultValue = "2",
            description = "With --runner flink: TaskManager processes of the local Flink cluster started for the job. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int taskManagers;

    @Option(names = "--flink-rest", paramLabel = "URL",
            description = "With --runner flink: submit to the existing Flink cluster whose REST endpoint is URL (like "
                    + "http://host:8081) instead of starting one. Default: none.")
    private String flinkRest;

    /** The job's name: {@code --job-name}, else the job's command name (e.g. {@code counts}). */
    public String jobName() {
        return jobName != null ? jobName : job.name();
    }

    public int parallelism() {
        return parallelism;
    }

    /** {@code --checkpoint-dir}, or null if not given. */
    public Path checkpointDir() {
        return checkpointDir;
    }

    /** {@code --restore}, or null if not given. */
    public String restore() {
        return restore;
    }

    /** Whether the job runs on Flink ({@code --runner flink}). */
    public boolean onFlink() {
        return runner.equals("flink");
    }

    /**
     * True while the Flink runner runs the job's command again in a TaskManager, only to rebuild the job's plan
     * (see {@code dev.weir.api.spi.PlanCapture}): the command then skips what only the client does — preloading
     * input, checking existing output or tables, printing — and builds the same job from the same arguments (the
     * client passes its defaults resolved, see {@link JobRunner}).
     */
    public static boolean inTaskManager() {
        return dev.weir.api.spi.PlanCapture.isCapturing();
    }

    /**
     * Applies the options to {@code env}: parallelism, job name, checkpointing into
     * {@code checkpointDir} (none when null), restore or fresh start, uid checking, state backend.
     *
     * @throws CommandLine.ParameterException for contradicting options (exit code 2)
     */
    public StreamExecutionEnvironment configure(StreamExecutionEnvironment env, Path checkpointDir) {
        if (parallelism < 1) {
            throw new CommandLine.ParameterException(job.commandLine(),
                    "option --parallelism must be at least 1, got " + parallelism);
        }
        if (restore != null && fresh) {
            throw new CommandLine.ParameterException(job.commandLine(),
                    "options --restore and --fresh contradict each other: give one of them");
        }
        if (restore != null && checkpointDir == null && restore.equals("latest")) {
            throw new CommandLine.ParameterException(job.commandLine(),
                    "option --restore latest needs --checkpoint-dir (where the job's checkpoints are)");
        }
        if (retainedCheckpoints < 1 || tolerableFailedCheckpoints < 0) {
            throw new CommandLine.ParameterException(job.commandLine(), "option --retained-checkpoints must be at "
                    + "least 1 and --tolerable-failed-checkpoints at least 0, got " + retainedCheckpoints + " and "
                    + tolerableFailedCheckpoints);
        }
        checkRunner();
        if (checkpointInterval.isZero()) {
            throw new CommandLine.ParameterException(job.commandLine(),
                    "option --checkpoint-interval must be more than 0");
        }
        env.setParallelism(parallelism);
        env.setJobName(jobName());
        if (checkpointDir != null) {
            env.enableCheckpointing(checkpointInterval.toMillis());
            env.getCheckpointConfig().setDirectory(checkpointDir.toString())
                    .setRetainedCheckpoints(retainedCheckpoints)
                    .setTolerableCheckpointFailureNumber(tolerableFailedCheckpoints);
        }
        if (restore != null) {
            env.restoreFrom(restore);
        }
        env.setStartFresh(fresh);
        if (requireUids) {
            env.requireExplicitUids();
        }
        if (!onFlink() || !state.equals("heap")) { // on Flink the heap is Flink's own; RocksDB is warned about
            env.setStateBackend(StateBackendOption.of(state, incremental));
        }
        if (savepointDir != null) {
            env.getCheckpointConfig().setSavepointDirectory(savepointDir.toString());
        }
        return env;
    }

    /** Runs a configured job with the progress line and a clean stop on Ctrl-C. */
    public JobRunner runner() {
        JobRunner runner = new JobRunner(jobName(), progressInterval, job.commandLine());
        return onFlink() ? runner.flink(flinkOptions()) : runner.web(web());
    }

    private void checkRunner() {
        if (!onFlink()) {
            if (flinkRest != null) {
                throw new CommandLine.ParameterException(job.commandLine(),
                        "option --flink-rest submits to a Flink cluster: add --runner flink");
            }
            return;
        }
        if (taskManagers < 1) {
            throw new CommandLine.ParameterException(job.commandLine(),
                    "option --taskmanagers must be at least 1, got " + taskManagers);
        }
    }

    /** The Flink runner's options (weir-flink's FlinkRunnerOptions keys) of --taskmanagers and --flink-rest. */
    private java.util.Map<String, String> flinkOptions() {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put(dev.weir.api.configuration.DeploymentOptions.TARGET.key(), "flink");
        if (flinkRest == null) {
            options.put("weir.flink.cluster", "local");
            options.put("weir.flink.taskmanagers", Integer.toString(taskManagers));
            return options;
        }
        java.net.URI rest;
        try {
            rest = java.net.URI.create(flinkRest.contains("://") ? flinkRest : "http://" + flinkRest);
        } catch (IllegalArgumentException e) {
            rest = null;
        }
        if (rest == null || rest.getHost() == null) {
            throw new CommandLine.ParameterException(job.commandLine(),
                    "option --flink-rest takes the Flink cluster's REST address like http://host:8081, got '"
                            + flinkRest + "'");
        }
        options.put("weir.flink.cluster", "remote");
        options.put("rest.address", rest.getHost());
        options.put("rest.port", Integer.toString(rest.getPort() > 0 ? rest.getPort() : 8081));
        return options;
    }

    /** The REST API and dashboard of the job, or null with {@code --no-http}. */
    private JobRunner.Web web() {
        if (noHttp) {
            return null;
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new CommandLine.ParameterException(job.commandLine(),
                    "option --http-port must be 0 (any free port) or 1..65535, got " + httpPort);
        }
        return new JobRunner.Web(httpAddress, httpPort, savepointDir);
    }

    /**
     * Parses {@code 200ms}, {@code 1s}, {@code 2m} (see {@link JobOptions#parseDuration}); public for
     * the duration options of jobs in other modules.
     */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return JobOptions.parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Accepts the runners: local and flink. */
    static final class RunnerConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equals("local") && !value.equals("flink")) {
                throw new CommandLine.TypeConversionException("takes local or flink, got '" + value + "'");
            }
            return value;
        }
    }

    /** Accepts the state backends {@link StateBackendOption} knows. */
    static final class StateNameConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equals("heap") && !value.equals("rocksdb")) {
                throw new CommandLine.TypeConversionException("takes heap or rocksdb, got '" + value + "'");
            }
            return value;
        }
    }
}
