package dev.weir.examples;

import dev.weir.api.Collector;
import dev.weir.api.JobResult;
import dev.weir.api.RestartStrategy;
import dev.weir.api.RuntimeContext;
import dev.weir.api.StreamEnvironment;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.connector.Sink;
import dev.weir.api.connector.Source;
import dev.weir.connector.FileSink;
import dev.weir.connector.GeneratorSource;
import dev.weir.state.KeyedStateBackendFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The exactly-once showcase: a deterministic generator of {@code seq = 0..N-1} with
 * {@code key = seq % K} → keyBy(key) → running count per key in keyed state → the line
 * {@code key,count,seq} → the exactly-once file sink. Checkpointed; restartable after {@code kill -9}
 * with {@code --restore latest}. The committed (non-hidden) files then hold every seq exactly once
 * and, for every key, the counts 1..n exactly once each.
 *
 * <pre>
 * ./weir run counts [--records N] [--keys K] [--parallelism P] [--checkpoint-interval 200ms]
 *                   [--checkpoint-dir DIR] [--output DIR] [--rate R] [--restore latest]
 *                   [--state heap|rocksdb] [--incremental true|false]
 *                   [--source generator|kafka --input-topic IN] [--sink files|kafka --output-topic OUT]
 *                   [--bootstrap-servers HOST:PORT] [--preload]
 * </pre>
 *
 * <p>With {@code --source kafka} the input records' values are {@code seq} as decimal strings
 * ({@code --preload} writes seq 0..N-1 first, creating missing topics); the job reads the topic up
 * to its end at the first start, which must be N records. With {@code --sink kafka} each line goes
 * to the output topic in a Kafka transaction per checkpoint, keyed by {@code key}.
 */
public final class Counts {

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

    private Counts() {
    }

    public static void main(String[] args) throws Exception {
        JobOptions options = JobOptions.parse(args);
        long records = options.getLong("records", 1_000_000);
        long keys = options.getLong("keys", 1_000);
        int parallelism = options.getInt("parallelism", 2);
        Duration interval = options.getDuration("checkpoint-interval", Duration.ofMillis(200));
        String checkpointDir = options.getString("checkpoint-dir", null);
        String output = options.getString("output", null);
        long rate = options.getLong("rate", 0);
        String restore = options.getString("restore", null);
        KeyedStateBackendFactory stateBackend = StateBackendOption.parse(options);
        String sourceKind = options.getString("source", "generator");
        String sinkKind = options.getString("sink", "files");
        String servers = options.getString("bootstrap-servers", null);
        String inputTopic = options.getString("input-topic", null);
        String outputTopic = options.getString("output-topic", null);
        boolean preload = options.getFlag("preload");
        options.rejectUnknown();
        boolean kafkaIn = choice("source", sourceKind, "generator", "kafka");
        boolean kafkaOut = choice("sink", sinkKind, "files", "kafka");
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
        if (restore != null && !restore.equals("latest")) {
            throw new IllegalArgumentException("option --restore takes 'latest', got '" + restore + "'");
        }
        if (checkpointDir == null || output == null) {
            Path base = Files.createTempDirectory("weir-counts-");
            checkpointDir = checkpointDir != null ? checkpointDir : base.resolve("checkpoints").toString();
            output = output != null ? output : base.resolve("output").toString();
        }
        Path outputDir = Path.of(output);
        if (kafkaIn) {
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
        if (kafkaOut && preload) {
            CountsKafka.createTopics(servers, parallelism, outputTopic);
        }
        if (restore == null && !kafkaOut && hasCommittedFiles(outputDir)) {
            throw new IllegalArgumentException("output directory " + outputDir.toAbsolutePath()
                    + " already holds committed files: resume with --restore latest, or choose another --output");
        }
        System.err.printf(Locale.ROOT, "counts: %d records, %d keys, parallelism %d, checkpoints every %d ms in %s,"
                + " output %s%n", records, keys, parallelism, interval.toMillis(), checkpointDir,
                kafkaOut ? "to topic " + outputTopic : "in " + outputDir);

        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setJobName("counts");
        env.enableCheckpointing(interval);
        env.getCheckpointConfig().setDirectory(checkpointDir);
        env.setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofSeconds(1)));
        env.setStateBackend(stateBackend);
        if (restore != null) {
            env.restoreFrom(restore);
        }
        Source<Event, ?> source = kafkaIn ? CountsKafka.source(servers, inputTopic, keys) : generator(records, keys, rate);
        Sink<Line> sink = kafkaOut ? CountsKafka.sink(servers, outputTopic) : FileSink.forDirectory(outputDir);
        define(env, source, kafkaIn ? "kafka-source" : "generator", sink, kafkaOut ? "kafka-sink" : "files");
        JobResult result = env.execute().orThrow();
        System.err.printf(Locale.ROOT, "counts: finished in %.3f s, %d checkpoints completed, %d restarts;"
                        + " committed output in %s%n", result.duration().toNanos() / 1e9,
                result.completedCheckpoints().size(), result.restarts(),
                kafkaOut ? "topic " + outputTopic : outputDir.toAbsolutePath());
    }

    /** The job itself, shared by the command, the benchmark and the tests. */
    public static void define(StreamEnvironment env, long records, long keys, long rate, Path output) {
        define(env, generator(records, keys, rate), "generator", FileSink.forDirectory(output), "files");
    }

    /** The job with any source of events and any sink of lines; the uids name the operators' state. */
    public static void define(StreamEnvironment env, Source<Event, ?> source, String sourceUid, Sink<Line> sink,
                              String sinkUid) {
        env.fromSource(source, sourceUid).uid(sourceUid)
                .keyBy(Event::key)
                .process(new RunningCount()).name("count").uid("count")
                .sinkTo(sink).name(sinkUid).uid(sinkUid);
    }

    static GeneratorSource<Event> generator(long records, long keys, long rate) {
        GeneratorSource<Event> source = GeneratorSource.of(records, seq -> new Event(seq, seq % keys));
        return rate > 0 ? source.withRate(rate) : source;
    }

    private static boolean choice(String option, String value, String first, String second) {
        if (!value.equals(first) && !value.equals(second)) {
            throw new IllegalArgumentException("option --" + option + " takes " + first + " or " + second + ", got '"
                    + value + "'");
        }
        return value.equals(second);
    }

    static boolean hasCommittedFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> !f.getFileName().toString().startsWith("."));
        }
    }

    /** Running count per key in keyed state; emits {@code key,count,seq}. */
    static final class RunningCount implements KeyedProcessFunction<Long, Event, Line> {
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext context) {
            count = context.getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Event event, Context<Long> context, Collector<Line> out) {
            Long previous = count.value();
            long next = previous == null ? 1 : previous + 1;
            count.update(next);
            out.collect(new Line(event.key(), next, event.seq()));
        }
    }
}
