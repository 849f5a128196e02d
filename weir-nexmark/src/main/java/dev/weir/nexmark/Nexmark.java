package dev.weir.nexmark;

import dev.weir.api.DataStream;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.OperatorStats;
import dev.weir.api.RestartStrategy;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.connector.DiscardingSink;
import dev.weir.examples.CommonJobOptions;
import dev.weir.examples.JobCommandLine;
import dev.weir.examples.JobRunner;
import dev.weir.examples.LineFiles;
import dev.weir.nexmark.model.Event;
import dev.weir.nexmark.model.EventJson;
import dev.weir.nexmark.model.GeneratorConfig;
import dev.weir.nexmark.model.NexmarkGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weir run nexmark --query qN}: a Nexmark query ({@link NexmarkQuery}) over generated events
 * ({@code --events N}, {@link NexmarkSources#generated}, one split per source subtask) or the events
 * of a JSON-lines file ({@code --events FILE}), with event time from the events' {@code dateTime} and
 * watermarks {@code --out-of-orderness} behind (4 s, as Nexmark's Flink table). With {@code --output
 * DIR} the result rows go as CSV lines through the exactly-once file sink, committed at each
 * checkpoint (restartable after {@code kill -9} with {@code --restore latest}); without it they are
 * counted and dropped, and the job prints events and rows per second. {@code --write-events FILE}
 * writes the generated events as JSON lines instead of running a query.
 */
@Command(name = "nexmark", sortOptions = false,
        description = "A Nexmark query (q0, q1, q2, q3, q4, q5, q6, q7, q8, q11, q12) over generated events or a JSON-lines file "
                + "of events; rows as CSV committed exactly once into --output, or a throughput summary.")
public final class Nexmark implements Callable<Integer> {
    private static final Pattern COUNT = Pattern.compile("[0-9][0-9_]*");

    @Option(names = "--query", paramLabel = "qN",
            description = "The query: q0, q1, q2, q3, q4, q5, q6, q7, q8, q11 or q12. Required unless --write-events is given.")
    private String query;

    @Option(names = "--events", paramLabel = "N|FILE", defaultValue = "1000000",
            description = "A number: that many generated events; else a file (or directory) of JSON-lines events. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String events;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "Generated events per second at most; 0 = as fast as it can. Default: ${DEFAULT-VALUE}.")
    private long rate;

    @Option(names = "--event-rate", paramLabel = "R", defaultValue = "10000",
            description = "Generated events per second of event time (how densely they fill the windows). "
                    + "Default: ${DEFAULT-VALUE}, Nexmark's.")
    private long eventRate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the generated events. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--out-of-orderness", paramLabel = "DURATION", defaultValue = "4s",
            converter = CommonJobOptions.DurationConverter.class,
            description = "How far watermarks trail the largest event time seen. Default: ${DEFAULT-VALUE}, as "
                    + "Nexmark's Flink table.")
    private Duration outOfOrderness;

    @Option(names = "--write-events", paramLabel = "FILE",
            description = "Write the --events N generated events to FILE as JSON lines, and run no query.")
    private Path writeEvents;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Directory of the committed CSV rows. Default: none (rows are counted, not kept).")
    private Path output;

    @Mixin
    private CommonJobOptions common;

    /** The job as a command; picocli fills its options. */
    public Nexmark() {
    }

    /** Runs the job as {@code weir run nexmark} would; exit code as {@link JobCommandLine} describes. */
    public static void main(String[] args) {
        System.exit(JobCommandLine.create(new Nexmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        boolean generated = COUNT.matcher(events).matches();
        long count = generated ? Long.parseLong(events.replace("_", "")) : -1;
        GeneratorConfig config = GeneratorConfig.defaults().withSeed(seed).withEventsPerSecond(eventRate);
        if (writeEvents != null) {
            if (!generated) {
                throw new IllegalArgumentException("option --write-events needs --events N (a number of events to "
                        + "generate), got --events " + events);
            }
            EventJson.writeAll(writeEvents, new NexmarkGenerator(config).split(count, 0, 1));
            System.out.printf(Locale.ROOT, "nexmark: wrote %d events to %s%n", count, writeEvents.toAbsolutePath());
            return 0;
        }
        if (query == null) {
            throw new IllegalArgumentException("option --query is required: one of q0, q1, q2, q3, q4, q5, q6, q7, q8, q11, q12");
        }
        NexmarkQuery nexmarkQuery = NexmarkQuery.of(query);
        boolean client = !CommonJobOptions.inTaskManager(); // a TaskManager only rebuilds the plan
        if (client && !generated && !Files.exists(Path.of(events))) {
            throw new IllegalArgumentException("option --events: " + events + " is neither a number nor an existing "
                    + "file of events");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("option --rate must be >= 0, got " + rate);
        }
        Path checkpointDir = common.checkpointDir();
        if (checkpointDir == null && output != null) {
            checkpointDir = Files.createTempDirectory("weir-nexmark-").resolve("checkpoints");
        }
        if (client && output != null && common.restore() == null && LineFiles.hasCommittedFiles(output)) {
            throw new IllegalArgumentException("output directory " + output.toAbsolutePath()
                    + " already holds committed files: resume with --restore latest, or choose another --output");
        }
        StreamExecutionEnvironment env = common.configure(StreamExecutionEnvironment.getExecutionEnvironment(),
                checkpointDir);
        env.setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofSeconds(1)));
        env.setFireProcessingTimersAtEndOfInput(true); // q12's last windows, at the end of a bounded input
        DataStream<Event> input = generated
                ? env.fromSource(NexmarkSources.generated(config, count, common.parallelism(), rate),
                        NexmarkSources.watermarks(outOfOrderness), "events").uid("events")
                : env.fromSource(NexmarkSources.file(Path.of(events)), NexmarkSources.watermarks(outOfOrderness),
                        "events").uid("events");
        SingleOutputStreamOperator<?> rows = nexmarkQuery.apply(input);
        if (output != null) {
            rows.sinkTo(LineFiles.exactlyOnce(output)).name("results").uid("results");
        } else {
            rows.sinkTo(new DiscardingSink<>()).name("results").uid("results");
        }
        if (client) {
            System.out.printf(Locale.ROOT, "%s: Nexmark %s over %s, parallelism %d%s%n", env.getJobName(),
                    nexmarkQuery.queryName(), generated ? count + " generated events" : events, common.parallelism(),
                    output != null ? ", rows into " + output.toAbsolutePath() : "");
        }
        JobRunner runner = common.runner();
        if (output != null) {
            runner.committedOutput(output.toAbsolutePath().toString())
                    .resumeWith("--checkpoint-dir", checkpointDir.toAbsolutePath().toString());
        } else if (checkpointDir == null) {
            runner.notResumable("without --output and --checkpoint-dir nothing is kept");
        }
        JobExecutionResult result = runner.run(env);
        printSummary(env.getJobName(), result);
        return 0;
    }

    private static void printSummary(String job, JobExecutionResult result) {
        double seconds = Math.max(result.duration().toNanos() / 1e9, 1e-9);
        long eventsRead = result.operator("events").recordsOut();
        long rowCount = result.operator("results").recordsIn();
        long late = result.operators().stream().mapToLong(OperatorStats::lateRecordsDropped).sum();
        System.out.printf(Locale.ROOT, "%s: finished in %.3f s: %d events (%.0f events/s), %d result rows (%.0f rows/s), "
                        + "%d late events dropped, %d checkpoints completed, %d restarts%n", job, seconds, eventsRead,
                eventsRead / seconds, rowCount, rowCount / seconds, late, result.completedCheckpoints().size(),
                result.restarts());
    }
}
