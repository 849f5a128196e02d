package dev.weir.bench;

import dev.weir.api.Collector;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.DeliveryGuarantee;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.connector.Sink;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.examples.CountsKafka;
import dev.weir.examples.JobOptions;
import dev.weir.examples.LineFiles;
import dev.weir.kafka.KafkaRecordSerializationSchema;
import dev.weir.kafka.KafkaSink;
import dev.weir.kafka.broker.KafkaBrokerProcess;
import dev.weir.state.LocalFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The {@code freshness} workload: how soon an event is visible in exactly-once output, as a user of that
 * output sees it. Usage:
 * <pre>
 * java -jar weir-bench.jar freshness --sink file|kafka [--rate R] [--checkpoint-interval-ms MS] [--records N]
 *      [--keys K] [--parallelism P] [--bootstrap-servers H:P] [--warmup-ms W]
 * </pre>
 * A generator emits {@code seq = 0..N-1} at R events/s in total ({@code --rate 0}: as fast as it can),
 * each stamped with {@code System.nanoTime()} when it is created → keyBy({@code seq % K}) → running count
 * in keyed state (so checkpoints carry state, as in {@code counts}) → the line
 * {@code seq,createdNanos,key,count} → the exactly-once file sink (rolled at each checkpoint) or the
 * exactly-once Kafka sink (a transaction per checkpoint). In the same JVM a {@link CommittedFileWatcher}
 * stamps each event when its part file is renamed into place, or a {@link CommittedTopicReader}
 * ({@code read_committed}) when it receives it. Events created in the first {@code W} ms after the job is
 * submitted (default 0) are checked but left out of the figures, so that a short run measures the steady
 * state rather than JIT warm-up and the first checkpoint. Prints {@code freshness_p50_ms=}, {@code freshness_p99_ms=},
 * {@code freshness_max_ms=}, {@code verified=} (every event seen exactly once; otherwise the program
 * exits with status 1) and last {@code throughput_rps=} (events / job time). Without
 * {@code --bootstrap-servers}, {@code --sink kafka} starts a broker of its own in another JVM.
 */
final class Freshness {

    /** One generated event with its creation time. */
    record Stamped(long seq, long key, long createdNanos) {
    }

    /** What the job commits per event: {@code seq,createdNanos,key,count}. */
    record Line(long seq, long createdNanos, long key, long count) {
        @Override
        public String toString() {
            return seq + "," + createdNanos + "," + key + "," + count;
        }
    }

    private Freshness() {
    }

    static void run(String[] args) throws Exception {
        JobOptions options = JobOptions.parse(args);
        String sink = options.getString("sink", "file");
        long rate = options.getLong("rate", 100_000);
        long intervalMs = options.getLong("checkpoint-interval-ms", 1000);
        long records = options.getLong("records", 2_000_000);
        long keys = options.getLong("keys", 1000);
        int parallelism = options.getInt("parallelism", 2);
        String servers = options.getString("bootstrap-servers", null);
        long warmupMs = options.getLong("warmup-ms", 0);
        options.rejectUnknown();
        if (!sink.equals("file") && !sink.equals("kafka")) {
            throw new IllegalArgumentException("freshness: option --sink takes file or kafka, got '" + sink + "'");
        }
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("freshness: the sinks are exactly-once, so --checkpoint-interval-ms "
                    + "must be positive, was " + intervalMs);
        }
        System.out.println("workload=freshness");
        System.out.println("sink=" + sink);
        System.out.println("records=" + records);
        System.out.println("keys=" + keys);
        System.out.println("parallelism=" + parallelism);
        System.out.println("rate=" + rate);
        System.out.println("checkpoint_interval_ms=" + intervalMs);
        System.out.println("warmup_ms=" + warmupMs);
        System.out.println("java=" + System.getProperty("java.version") + " max_heap_mb="
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " cores=" + Runtime.getRuntime().availableProcessors());

        Path base = Files.createTempDirectory("weir-freshness-");
        KafkaBrokerProcess broker = null;
        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment()
                    .setParallelism(parallelism).setJobName("freshness-" + sink);
            env.enableCheckpointing(intervalMs);
            env.getCheckpointConfig().setDirectory(base.resolve("checkpoints").toString());
            VisibilityLog log = new VisibilityLog(records);
            CommittedFileWatcher watcher = null;
            CommittedTopicReader reader = null;
            Sink<Line> committed;
            if (sink.equals("file")) {
                Path output = base.resolve("output");
                watcher = new CommittedFileWatcher(output, log);
                committed = LineFiles.exactlyOnce(output);
            } else {
                if (servers == null) {
                    broker = KafkaBrokerProcess.start(base.resolve("broker"));
                    servers = broker.bootstrapServers();
                }
                String topic = "freshness-" + UUID.randomUUID();
                CountsKafka.createTopics(servers, parallelism, topic);
                reader = new CommittedTopicReader(servers, topic, parallelism, log);
                committed = kafkaSink(servers, topic);
            }
            define(env, records, keys, rate, committed);
            log.measureFrom(System.nanoTime() + warmupMs * 1_000_000);
            if (watcher != null) {
                watcher.start();
            } else {
                reader.start();
            }
            JobExecutionResult result = env.execute().orThrow();
            if (watcher != null) {
                watcher.finish(Duration.ofSeconds(30));
            } else {
                reader.finish(Duration.ofSeconds(30));
            }
            double seconds = result.duration().toNanos() / 1e9;
            System.out.println("checkpoints=" + result.completedCheckpoints().size());
            long[] checkpointMs = result.completedCheckpoints().stream().mapToLong(c -> c.endToEnd().toMillis()).sorted()
                    .toArray();
            System.out.println("checkpoint_ms_median=" + (checkpointMs.length == 0 ? 0 : checkpointMs[checkpointMs.length / 2]));
            System.out.println("checkpoint_ms_p99=" + (checkpointMs.length == 0 ? 0
                    : checkpointMs[Math.min(checkpointMs.length - 1, (int) (checkpointMs.length * 0.99))]));
            System.out.println("checkpoint_ms_max=" + (checkpointMs.length == 0 ? 0 : checkpointMs[checkpointMs.length - 1]));
            log.figures().forEach(System.out::println);
            if (watcher != null) {
                watcher.figures().forEach(System.out::println);
            }
            List<String> problems = log.problems();
            System.out.println("verified=" + problems.isEmpty() + (problems.isEmpty() ? "" : " " + problems));
            System.out.println("duration_s=" + String.format(Locale.ROOT, "%.3f", seconds));
            System.out.println("throughput_rps=" + Math.round(records / seconds));
            if (!problems.isEmpty()) {
                System.err.println("freshness: the committed output is wrong: " + problems);
                System.exit(1);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            LocalFiles.deleteRecursively(base);
        }
    }

    /** generator (stamped, at {@code rate}/s) → keyBy(seq % keys) → running count → {@code sink}. */
    static void define(StreamExecutionEnvironment env, long records, long keys, long rate, Sink<Line> sink) {
        RateLimiterStrategy limit = rate > 0 ? RateLimiterStrategy.perSecond(rate) : RateLimiterStrategy.noOp();
        env.fromSource(new DataGeneratorSource<>(seq -> new Stamped(seq, seq % keys, System.nanoTime()), records, limit,
                        TypeInformation.of(Stamped.class)), WatermarkStrategy.noWatermarks(), "generator").uid("generator")
                .keyBy(Stamped::key)
                .process(new RunningCount()).name("count").uid("count")
                .sinkTo(sink).name("sink").uid("sink");
    }

    /** Exactly-once into {@code topic}, keyed by the line's key; a transactional id prefix of this run's own. */
    private static KafkaSink<Line> kafkaSink(String servers, String topic) {
        return KafkaSink.<Line>builder()
                .setBootstrapServers(servers)
                .setRecordSerializer(KafkaRecordSerializationSchema.<Line>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(line -> Long.toString(line.key()).getBytes(StandardCharsets.UTF_8))
                        .setValueSerializationSchema(line -> line.toString().getBytes(StandardCharsets.UTF_8))
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(topic)
                .build();
    }

    /** Running count per key; emits the event's line. */
    static final class RunningCount extends KeyedProcessFunction<Long, Stamped, Line> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Stamped event, Context context, Collector<Line> out) {
            Long previous = count.value();
            long next = previous == null ? 1 : previous + 1;
            count.update(next);
            out.collect(new Line(event.seq(), event.createdNanos(), event.key(), next));
        }
    }
}
