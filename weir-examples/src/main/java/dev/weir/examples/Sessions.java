package dev.weir.examples;

import dev.weir.api.Collector;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.OutputTag;
import dev.weir.api.RestartStrategy;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.Source;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.windowing.ProcessWindowFunction;
import dev.weir.api.windowing.assigners.EventTimeSessionWindows;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.examples.ClickGenerator.Click;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The event-time showcase: generated clicks ({@link ClickGenerator}: bounded disorder, one click in
 * a thousand an hour late; one generator, so that event time advances as the clicks are generated)
 * → timestamps and a bounded out-of-orderness watermark → keyBy(user) → event-time session windows with a gap of {@link #GAP} (an aggregate that
 * counts clicks, a window function that adds the session's start and end) → the line
 * {@code user,start,end,clicks} per session into {@code OUTPUT/sessions}; every late click, as
 * {@code user,timestamp,seq}, into {@code OUTPUT/late}. Both through the exactly-once file sink;
 * checkpointed, restartable after {@code kill -9} with {@code --restore latest}.
 *
 * <p>Every click lands exactly once in a committed session or among the committed late clicks; at
 * the end of the input the final watermark closes every session still open. Clicks within the
 * disorder bound are never late. A click generated as late is late when a watermark past its session
 * has reached the window operator before it; one that comes earlier (right after the start, say,
 * before the first periodic watermark) opens a session of its own instead.
 */
@Command(name = "sessions", sortOptions = false,
        description = "Event-time sessions: generated clicks with bounded disorder, per-user session windows "
                + "(gap 5 s), late clicks to a side output; sessions and late clicks committed exactly once into "
                + "files.")
public final class Sessions implements Callable<Integer> {
    /** A user's session ends after this much event time without a click. */
    public static final Duration GAP = Duration.ofSeconds(5);

    /** The clicks that arrive after their session was closed. */
    public static final OutputTag<Click> LATE_CLICKS = new OutputTag<Click>("late-clicks") {};

    /** What the job writes for each session: the window {@code [start, end)} and its number of clicks. */
    public record Session(long user, long start, long end, long clicks) {
        @Override
        public String toString() {
            return user + "," + start + "," + end + "," + clicks;
        }
    }

    @Option(names = "--clicks", paramLabel = "N", defaultValue = "1000000",
            description = "Clicks to generate (seq 0..N-1, 10 ms of event time apart). Default: ${DEFAULT-VALUE}.")
    private long clicks;

    @Option(names = "--users", paramLabel = "U", defaultValue = "200",
            description = "Distinct users the clicks are spread over. Default: ${DEFAULT-VALUE}.")
    private long users;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "Clicks per second the generator emits at most; 0 = as fast as it can. "
                    + "Default: ${DEFAULT-VALUE}.")
    private long rate;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Directory of the committed output: DIR/sessions and DIR/late. Default: a new temporary "
                    + "directory.")
    private Path output;

    @Mixin
    private CommonJobOptions common;

    /** The job as a command; picocli fills its options. */
    public Sessions() {
    }

    /** Runs the job as {@code weir run sessions} would; exit code as {@link JobCommandLine} describes. */
    public static void main(String[] args) {
        System.exit(JobCommandLine.create(new Sessions()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (clicks < 0 || users < 1) {
            throw new IllegalArgumentException("option --clicks must be >= 0 and --users >= 1");
        }
        Path checkpointDir = common.checkpointDir();
        Path outputDir = output;
        if (checkpointDir == null || outputDir == null) {
            Path base = Files.createTempDirectory("weir-sessions-");
            checkpointDir = checkpointDir != null ? checkpointDir : base.resolve("checkpoints");
            outputDir = outputDir != null ? outputDir : base.resolve("output");
        }
        boolean client = !CommonJobOptions.inTaskManager(); // a TaskManager only rebuilds the plan
        if (client && common.restore() == null && (LineFiles.hasCommittedFiles(sessionsDir(outputDir))
                || LineFiles.hasCommittedFiles(lateDir(outputDir)))) {
            throw new IllegalArgumentException("output directory " + outputDir.toAbsolutePath()
                    + " already holds committed files: resume with --restore latest, or choose another --output");
        }
        StreamExecutionEnvironment env = common.configure(StreamExecutionEnvironment.getExecutionEnvironment(),
                checkpointDir);
        env.setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofSeconds(1)));
        if (client) {
            System.out.printf(Locale.ROOT, "%s: %d clicks of %d users, parallelism %d, checkpoints in %s, output in %s%n",
                    env.getJobName(), clicks, users, common.parallelism(), checkpointDir.toAbsolutePath(),
                    outputDir.toAbsolutePath());
        }

        define(env, ClickGenerator.source(clicks, users, rate), sessionsDir(outputDir), lateDir(outputDir));
        String committed = outputDir.toAbsolutePath().toString();
        JobExecutionResult result = common.runner()
                .committedOutput(committed)
                .resumeWith("--checkpoint-dir", checkpointDir.toAbsolutePath().toString())
                .resumeWith("--output", committed)
                .run(env);
        System.out.printf(Locale.ROOT, "%s: finished in %.3f s, %d checkpoints completed, %d restarts;"
                        + " sessions in %s, late clicks in %s%n", env.getJobName(), result.duration().toNanos() / 1e9,
                result.completedCheckpoints().size(), result.restarts(), sessionsDir(outputDir), lateDir(outputDir));
        return 0;
    }

    /** Where the committed session lines go. */
    public static Path sessionsDir(Path output) {
        return output.resolve("sessions");
    }

    /** Where the committed late clicks go. */
    public static Path lateDir(Path output) {
        return output.resolve("late");
    }

    /** The job with any source of clicks; the uids name the operators' state. */
    public static void define(StreamExecutionEnvironment env, Source<Click, ?> clicks, Path sessionsDir, Path lateDir) {
        WatermarkStrategy<Click> watermarks = WatermarkStrategy.<Click>forBoundedOutOfOrderness(ClickGenerator.MAX_DISORDER)
                .withTimestampAssigner((click, previous) -> click.timestamp());
        // One generator: split into parallel ranges of seq, the clicks of the later ranges would lie
        // far ahead in event time and wait in open sessions for the watermark of the first range.
        SingleOutputStreamOperator<Session> sessions = env.fromSource(clicks, watermarks, "clicks").uid("clicks")
                .setParallelism(1)
                .keyBy(Click::user)
                .window(EventTimeSessionWindows.withGap(GAP))
                .sideOutputLateData(LATE_CLICKS)
                .aggregate(new CountClicks(), new SessionOfUser())
                .name("sessions").uid("sessions");
        sessions.sinkTo(LineFiles.exactlyOnce(sessionsDir)).name("session-files").uid("session-files");
        sessions.getSideOutput(LATE_CLICKS).sinkTo(LineFiles.exactlyOnce(lateDir)).name("late-files").uid("late-files");
    }
    /** Counts the clicks of a session: one number per window and user, not its clicks. */
    static final class CountClicks implements AggregateFunction<Click, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(Click click, Long count) {
            return count + 1;
        }

        @Override
        public Long getResult(Long count) {
            return count;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** Adds the user and the session's window to its count. */
    static final class SessionOfUser extends ProcessWindowFunction<Long, Session, Long, TimeWindow> {
        @Override
        public void process(Long user, Context context, Iterable<Long> counts, Collector<Session> out) {
            TimeWindow window = context.window();
            out.collect(new Session(user, window.getStart(), window.getEnd(), counts.iterator().next()));
        }
    }
}
