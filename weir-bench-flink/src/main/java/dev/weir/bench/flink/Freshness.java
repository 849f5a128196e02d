package dev.weir.bench.flink;

import dev.weir.bench.support.CommittedFileWatcher;
import dev.weir.bench.support.CommittedTopicReader;
import dev.weir.bench.support.FreshnessReport;
import dev.weir.bench.support.VisibilityLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Weir's {@code freshness} workload on Flink 2.3, same command line and output:
 * <pre>
 * java -jar weir-bench-flink.jar freshness --sink file|kafka [--rate R] [--checkpoint-interval-ms MS] [--records N]
 *      [--keys K] [--parallelism P] [--bootstrap-servers H:P] [--warmup-ms W]
 * </pre>
 * generator of {@code seq = 0..N-1} at R events/s in total, each stamped with {@code System.nanoTime()} as
 * it is created → keyBy({@code seq % K}) → running count in keyed state (hashmap backend) → the line
 * {@code seq,createdNanos,key,count} → an exactly-once sink configured as Flink's documentation says:
 * checkpointing in {@code EXACTLY_ONCE} mode and either the {@link FileSink} in row format with
 * {@link OnCheckpointRollingPolicy} (part files are committed, renamed from their hidden in-progress name,
 * when the checkpoint completes; the default rolling policy would keep them open for up to a minute) or the
 * {@link KafkaSink} with {@link DeliveryGuarantee#EXACTLY_ONCE}, a transactional id prefix and a transaction
 * timeout above the checkpoint duration. A {@link CommittedFileWatcher} or a {@code read_committed}
 * {@link CommittedTopicReader} in the same JVM stamps each event when it becomes visible; events created in
 * the first W ms after the job is submitted are checked but not measured. {@code --sink kafka}
 * needs {@code --bootstrap-servers}.
 */
final class Freshness {

    /** One generated event with its creation time. */
    public record Stamped(long seq, long key, long createdNanos) {
    }

    /** What the job commits per event: {@code seq,createdNanos,key,count}. */
    public record Line(long seq, long createdNanos, long key, long count) {
        @Override
        public String toString() {
            return seq + "," + createdNanos + "," + key + "," + count;
        }
    }

    private Freshness() {
    }

    static void run(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("freshness: expected --option value, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        String sink = options.getOrDefault("sink", "file");
        long rate = Long.parseLong(options.getOrDefault("rate", "100000"));
        long intervalMs = Long.parseLong(options.getOrDefault("checkpoint-interval-ms", "1000"));
        long records = Long.parseLong(options.getOrDefault("records", "2000000"));
        long keys = Long.parseLong(options.getOrDefault("keys", "1000"));
        int parallelism = Integer.parseInt(options.getOrDefault("parallelism", "2"));
        String servers = options.get("bootstrap-servers");
        long warmupMs = Long.parseLong(options.getOrDefault("warmup-ms", "0"));
        options.keySet().removeAll(List.of("sink", "rate", "checkpoint-interval-ms", "records", "keys", "parallelism",
                "bootstrap-servers", "warmup-ms"));
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("freshness: unknown option(s) " + options.keySet());
        }
        if (!sink.equals("file") && !(sink.equals("kafka") && servers != null)) {
            throw new IllegalArgumentException("freshness: --sink takes file, or kafka with --bootstrap-servers H:P");
        }
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("freshness: --checkpoint-interval-ms must be positive");
        }
        System.out.println("engine=flink-2.3.0");
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

        Path base = Files.createTempDirectory("weir-bench-flink-freshness-");
        try {
            Configuration config = FlinkBenchmarks.configuration(base, "hashmap", false, intervalMs);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, config);
            VisibilityLog log = new VisibilityLog(records);
            CommittedFileWatcher watcher = null;
            CommittedTopicReader reader = null;
            Sink<Line> committed;
            if (sink.equals("file")) {
                Path output = base.resolve("output");
                watcher = new CommittedFileWatcher(output, log);
                committed = FileSink.forRowFormat(new org.apache.flink.core.fs.Path(output.toUri()),
                                new SimpleStringEncoder<Line>())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .build();
            } else {
                String topic = "freshness-flink-" + UUID.randomUUID();
                KafkaCounts.createTopic(servers, parallelism, topic);
                reader = new CommittedTopicReader(servers, topic, parallelism, log);
                committed = kafkaSink(servers, topic);
            }
            env.fromSource(FlinkBenchmarks.generator(records, rate, seq -> new Stamped(seq, seq % keys, System.nanoTime()),
                            Stamped.class), WatermarkStrategy.noWatermarks(), "generator").uid("generator")
                    .keyBy(Stamped::key, Types.LONG)
                    .process(new RunningCount()).name("count").uid("count")
                    .sinkTo(committed).name("sink").uid("sink");
            log.measureFrom(System.nanoTime() + warmupMs * 1_000_000);
            if (watcher != null) {
                watcher.start();
            } else {
                reader.start();
            }
            FlinkBenchmarks.JobRun run = FlinkBenchmarks.execute(env, config, parallelism, "freshness-" + sink);
            if (watcher != null) {
                watcher.finish(Duration.ofSeconds(30));
            } else {
                reader.finish(Duration.ofSeconds(30));
            }
            double seconds = run.result().getNetRuntime() / 1e3;
            List<CompletedCheckpointStats> completed = run.checkpoints().getHistory().getCheckpoints().stream()
                    .filter(CompletedCheckpointStats.class::isInstance).map(CompletedCheckpointStats.class::cast).toList();
            System.out.println("checkpoints=" + run.checkpoints().getCounts().getNumberOfCompletedCheckpoints());
            System.out.println("checkpoints_failed=" + run.checkpoints().getCounts().getNumberOfFailedCheckpoints());
            long[] checkpointMs = completed.stream().mapToLong(CompletedCheckpointStats::getEndToEndDuration).sorted()
                    .toArray();
            if (!FreshnessReport.printFigures(checkpointMs, log, watcher, seconds, records)) {
                System.exit(1);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(base)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("cannot delete " + base + ": " + e.getMessage());
            }
        }
    }

    /** Exactly-once into {@code topic}; the transactional id prefix is unique to this run. */
    private static KafkaSink<Line> kafkaSink(String servers, String topic) {
        return KafkaSink.<Line>builder()
                .setBootstrapServers(servers)
                .setRecordSerializer(KafkaRecordSerializationSchema.<Line>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(new LineKey())
                        .setValueSerializationSchema(new LineValue())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(topic)
                // the connector's default (1 h) exceeds the brokers' default transaction.max.timeout.ms (15 min)
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "600000")
                .build();
    }

    /** The record key: the line's key as a decimal string. */
    static final class LineKey implements SerializationSchema<Line> {
        @Override
        public byte[] serialize(Line line) {
            return Long.toString(line.key()).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The record value: the line. */
    static final class LineValue implements SerializationSchema<Line> {
        @Override
        public byte[] serialize(Line line) {
            return line.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Running count per key in keyed state; emits the event's line. */
    static final class RunningCount extends KeyedProcessFunction<Long, Stamped, Line> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(Stamped event, Context context, Collector<Line> out) throws IOException {
            Long previous = count.value();
            long next = previous == null ? 1 : previous + 1;
            count.update(next);
            out.collect(new Line(event.seq(), event.createdNanos(), event.key(), next));
        }
    }
}
