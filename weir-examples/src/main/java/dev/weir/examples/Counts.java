package dev.weir.examples;

import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.Collector;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.connector.Sink;
import dev.weir.api.connector.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The exactly-once showcase: a deterministic generator of {@code seq = 0..N-1} with
 * {@code key = seq % K} → keyBy(key) → running count per key in keyed state → the line
 * {@code key,count,seq} → the exactly-once file sink. Checkpointed; restartable after {@code kill -9}
 * with {@code --restore latest}. The committed (non-hidden) files then hold every seq exactly once
 * and, for every key, the counts 1..n exactly once each.
 *
 * <p>{@code ./weir run counts --help} lists the options: the job's own (records, keys, rate,
 * output, the Kafka ends) and the {@link CommonJobOptions} every job takes.
 *
 * <p>With {@code --source kafka} the input records' values are {@code seq} as decimal strings
 * ({@code --preload} writes seq 0..N-1 first, creating missing topics); the job reads the topic up
 * to its end at the first start, which must be N records. With {@code --sink kafka} each line goes
 * to the output topic in a Kafka transaction per checkpoint, keyed by {@code key}. With
 * {@code --sink postgres} each line is a row {@code (key, count, seq)} of a PostgreSQL table, written in a
 * prepared transaction per subtask and checkpoint (see {@link CountsPostgres}).
 */
@Command(name = "counts", sortOptions = false,
        description = "Exactly-once running counts: seq 0..N-1 with key = seq %% K, a running count per key in "
                + "keyed state, each line key,count,seq committed exactly once (into files, a Kafka topic, or a "
                + "PostgreSQL table).")
public final class Counts implements Callable<Integer> {

    /** One generated record. */
    public record Event(long seq, long key) {
    }

    /** What the job writes for each record. */
    public record Line(long key, long count, long seq) {
        @Override
        public String toString() {
            return key + "," + count + "," + seq;
        }
    }

    @Option(names = "--records", paramLabel = "N", defaultValue = "1000000",
            description = "Records to generate (seq 0..N-1). Default: ${DEFAULT-VALUE}.")
    private long records;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "1000",
            description = "Distinct keys (key = seq %% K). Default: ${DEFAULT-VALUE}.")
    private long keys;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "Records per second the generator emits at most; 0 = as fast as it can. "
                    + "Default: ${DEFAULT-VALUE}.")
    private long rate;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Directory of the committed output files. Default: a new temporary directory.")
    private Path output;

    @Option(names = "--source", paramLabel = "generator|kafka", defaultValue = "generator",
            description = "Where the records come from. Default: ${DEFAULT-VALUE}.")
    private String sourceKind;

    @Option(names = "--sink", paramLabel = "files|kafka|postgres", defaultValue = "files",
            description = "Where the lines go: files in --output, a Kafka topic, or a PostgreSQL table. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String sinkKind;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "The Kafka broker, with --source kafka or --sink kafka. Default: none.")
    private String servers;

    @Option(names = "--input-topic", paramLabel = "TOPIC",
            description = "The input topic of --source kafka (values: seq as decimal text). Default: none.")
    private String inputTopic;

    @Option(names = "--output-topic", paramLabel = "TOPIC",
            description = "The output topic of --sink kafka (written in a transaction per checkpoint). "
                    + "Default: none.")
    private String outputTopic;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "The PostgreSQL database of --sink postgres, e.g. jdbc:postgresql://127.0.0.1:5432/postgres; "
                    + "the server needs max_prepared_transactions > 0. Default: none.")
    private String jdbcUrl;

    @Option(names = "--table", paramLabel = "NAME",
            description = "The table of --sink postgres: one row (key, count, seq) per record, created when absent "
                    + "(BIGINT columns, no unique constraint). A fresh start refuses a table that holds rows. The "
                    + "sink's transaction ids are derived from NAME, so a run on the same table resumes the prepared "
                    + "transactions another run left. Default: none.")
    private String table;

    @Option(names = "--user", paramLabel = "USER",
            description = "The database user of --sink postgres. Default: none.")
    private String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "With --sink postgres: the environment variable that holds the user's password (the "
                    + "password itself is never given on the command line nor printed). Default: none (no password).")
    private String passwordEnv;

    @Option(names = "--preload",
            description = "With --source kafka: create missing topics and write seq 0..N-1 into the input topic "
                    + "first. Default: ${DEFAULT-VALUE}.")
    private boolean preload;

    @Mixin
    private CommonJobOptions common;

    /** The job as a command; picocli fills its options. */
    public Counts() {
    }

    /** Runs the job as {@code weir run counts} would; exit code as {@link JobCommandLine} describes. */
    public static void main(String[] args) {
        System.exit(JobCommandLine.create(new Counts()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        boolean kafkaIn = choice("source", sourceKind, "generator", "kafka").equals("kafka");
        String sinkChoice = choice("sink", sinkKind, "files", "kafka", "postgres");
        boolean kafkaOut = sinkChoice.equals("kafka");
        boolean postgresOut = sinkChoice.equals("postgres");
        CountsPostgres.Target postgres = postgresOut ? postgresTarget() : null;
        if ((kafkaIn || kafkaOut) && servers == null) {
            throw new IllegalArgumentException("option --bootstrap-servers HOST:PORT is needed with --source kafka or --sink kafka");
        }
        if (kafkaIn && inputTopic == null || kafkaOut && outputTopic == null) {
            throw new IllegalArgumentException("options --input-topic (with --source kafka) and --output-topic "
                    + "(with --sink kafka) name the topics");
        }
        if (preload && !kafkaIn) {
            throw new IllegalArgumentException("option --preload fills the input topic of --source kafka");
        }
        if (records < 0 || keys < 1) {
            throw new IllegalArgumentException("option --records must be >= 0 and --keys >= 1");
        }
        Path checkpointDir = common.checkpointDir();
        Path outputDir = output;
        if (checkpointDir == null || outputDir == null) {
            Path base = Files.createTempDirectory("weir-counts-");
            checkpointDir = checkpointDir != null ? checkpointDir : base.resolve("checkpoints");
            outputDir = outputDir != null ? outputDir : base.resolve("output");
        }
        String restore = common.restore();
        boolean client = !CommonJobOptions.inTaskManager(); // a TaskManager only rebuilds the plan
        int parallelism = common.parallelism();
        StreamExecutionEnvironment env = common.configure(StreamExecutionEnvironment.getExecutionEnvironment(), checkpointDir);
        env.setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofSeconds(1)));
        if (kafkaIn && client) {
            if (preload) {
                CountsKafka.createTopics(servers, parallelism, inputTopic);
                CountsKafka.preload(servers, inputTopic, records);
            }
            long held = CountsKafka.recordsIn(servers, inputTopic);
            if (restore == null && held != records) {
                throw new IllegalArgumentException("input topic '" + inputTopic + "' holds " + held + " records but "
                        + "--records says " + records + ": the job reads the topic to its end; fix --records or "
                        + "preload an empty topic (--preload)");
            }
        }
        if (kafkaOut && preload && client) {
            CountsKafka.createTopics(servers, parallelism, outputTopic);
        }
        boolean filesOut = !kafkaOut && !postgresOut;
        if (client && restore == null && filesOut && LineFiles.hasCommittedFiles(outputDir)) {
            throw new IllegalArgumentException("output directory " + outputDir.toAbsolutePath()
                    + " already holds committed files: resume with --restore latest, or choose another --output");
        }
        if (postgresOut && client) {
            CountsPostgres.checkBeforeStart(postgres, restore == null);
        }
        String committed = kafkaOut ? "topic " + outputTopic
                : postgresOut ? postgres.describe() : outputDir.toAbsolutePath().toString();
        if (client) {
            System.out.printf(Locale.ROOT, "%s: %d records, %d keys, parallelism %d, checkpoints in %s, output %s%n",
                    env.getJobName(), records, keys, parallelism, checkpointDir.toAbsolutePath(),
                    kafkaOut ? "to topic " + outputTopic : postgresOut ? "in " + committed : "in " + outputDir.toAbsolutePath());
        }

        Source<Event, ?> source = kafkaIn ? CountsKafka.source(servers, inputTopic, keys) : generator(records, keys, rate);
        Sink<Line> sink = kafkaOut ? CountsKafka.sink(servers, outputTopic)
                : postgresOut ? CountsPostgres.sink(postgres) : LineFiles.<Line>exactlyOnce(outputDir);
        define(env, source, kafkaIn ? "kafka-source" : "generator", sink,
                kafkaOut ? "kafka-sink" : postgresOut ? "postgres-sink" : "files");
        JobRunner runner = common.runner()
                .committedOutput(committed)
                .resumeWith("--checkpoint-dir", checkpointDir.toAbsolutePath().toString())
                .resumeWithout("--preload");
        if (!postgresOut) {
            runner.resumeWith("--output", outputDir.toAbsolutePath().toString());
        }
        JobExecutionResult result = runner.run(env);
        System.out.printf(Locale.ROOT, "%s: finished in %.3f s, %d checkpoints completed, %d restarts;"
                        + " committed output in %s%n", env.getJobName(), result.duration().toNanos() / 1e9,
                result.completedCheckpoints().size(), result.restarts(), committed);
        return 0;
    }

    /** The job itself, shared by the command, the benchmark and the tests. */
    public static void define(StreamExecutionEnvironment env, long records, long keys, long rate, Path output) {
        define(env, generator(records, keys, rate), "generator", LineFiles.exactlyOnce(output), "files");
    }

    /** The job with any source of events and any sink of lines; the uids name the operators' state. */
    public static void define(StreamExecutionEnvironment env, Source<Event, ?> source, String sourceUid, Sink<Line> sink,
                              String sinkUid) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), sourceUid).uid(sourceUid)
                .keyBy(Event::key)
                .process(new RunningCount()).name("count").uid("count")
                .sinkTo(sink).name(sinkUid).uid(sinkUid);
    }

    static DataGeneratorSource<Event> generator(long records, long keys, long rate) {
        RateLimiterStrategy limit = rate > 0 ? RateLimiterStrategy.perSecond(rate) : RateLimiterStrategy.noOp();
        return new DataGeneratorSource<>(seq -> new Event(seq, seq % keys), records, limit, TypeInformation.of(Event.class));
    }

    /** The options of --sink postgres, checked; the password from the environment variable they name. */
    private CountsPostgres.Target postgresTarget() {
        List<String> missing = new ArrayList<>();
        if (jdbcUrl == null) {
            missing.add("--jdbc-url URL");
        }
        if (table == null) {
            missing.add("--table NAME");
        }
        if (user == null) {
            missing.add("--user USER");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("--sink postgres needs " + String.join(", ", missing)
                    + ": give the database's JDBC URL, the table to write and the database user");
        }
        String password = passwordEnv == null ? null : CountsPostgres.password(passwordEnv);
        return new CountsPostgres.Target(jdbcUrl, user, password, table);
    }

    /** {@code value} if it is one of {@code allowed}, else a message naming the option and the choices. */
    private static String choice(String option, String value, String... allowed) {
        if (!List.of(allowed).contains(value)) {
            throw new IllegalArgumentException("option --" + option + " takes " + String.join(" or ", allowed)
                    + ", got '" + value + "'");
        }
        return value;
    }

    /** Running count per key in keyed state; emits {@code key,count,seq}. */
    static final class RunningCount extends KeyedProcessFunction<Long, Event, Line> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Event event, Context context, Collector<Line> out) {
            Long previous = count.value();
            long next = previous == null ? 1 : previous + 1;
            count.update(next);
            out.collect(new Line(event.key(), next, event.seq()));
        }
    }
}
