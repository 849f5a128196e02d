package dev.weir.bench.kstreams;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Benchmark peer: Weir's {@code kafka-counts} job written with Apache Kafka Streams
 * (topology and its design choices: {@link CountsTopology}), run with
 * {@code processing.guarantee=exactly_once_v2}.
 *
 * <p><b>Run mode</b> (default): the input topic must exist and hold the N records
 * {@code "0".."N-1"}; the output topic is created with the input's partition count if absent,
 * and must be empty if present (the check needs to see exactly this run's output). The clock
 * starts at {@link KafkaStreams#start()} and stops when a {@code read_committed} consumer of the
 * output topic has read N records; the output is then read for one more second to catch
 * duplicates, checked by {@link OutputVerifier}, and the app is closed and its local state and
 * internal topics deleted. Prints {@code key=value} lines, the last one
 * {@code throughput_rps=<records read / seconds>} (N / seconds on success; on a timeout
 * ({@code --timeout-seconds}) or a crash, what was read by then). Exits 1 if the output did not
 * verify. Kafka Streams logs go to stderr at level warn ({@code simplelogger.properties}).
 *
 * <p><b>{@code --preload}</b>: creates the input and output topics ({@code --partitions} each,
 * broker-default replication) and writes {@code "0".."N-1"} to the input with an idempotent
 * producer ({@code linger.ms=5}, {@code batch.size=65536}), so the peer can run standalone against
 * any broker. Fails with a clear message if either topic already exists, rather than recreating
 * it: Kafka deletes topics asynchronously, so an immediate re-create can race the deletion; use
 * fresh topic names per run instead.
 */
public final class KafkaStreamsCounts {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration DRAIN = Duration.ofSeconds(1);

    private KafkaStreamsCounts() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("weir-bench-kafka-streams: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        try {
            boolean ok = options.preload() ? preload(options) : run(options);
            System.exit(ok ? 0 : 1);
        } catch (IllegalStateException e) {
            System.err.println("weir-bench-kafka-streams: " + e.getMessage());
            System.exit(1);
        }
    }

    // ---------------------------------------------------------------- preload

    static boolean preload(Options o) throws Exception {
        try (Admin admin = Admin.create(adminProps(o))) {
            Set<String> existing = admin.listTopics().names().get();
            for (String topic : List.of(o.inputTopic(), o.outputTopic())) {
                if (existing.contains(topic)) {
                    throw new IllegalStateException("topic " + topic
                            + " already exists; --preload needs fresh topic names");
                }
            }
            admin.createTopics(List.of(
                    new NewTopic(o.inputTopic(), Optional.of(o.partitions()), Optional.empty()),
                    new NewTopic(o.outputTopic(), Optional.of(o.partitions()), Optional.empty())))
                    .all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (long seq = 0; seq < o.records() && failure.get() == null; seq++) {
                producer.send(new ProducerRecord<>(o.inputTopic(), null, Long.toString(seq)), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("preload failed: " + failure.get());
        }
        System.out.println("input_topic=" + o.inputTopic());
        System.out.println("output_topic=" + o.outputTopic());
        System.out.println("partitions=" + o.partitions());
        System.out.println("preloaded=" + o.records());
        System.out.println("preload_seconds=" + String.format(Locale.ROOT, "%.3f", seconds));
        return true;
    }

    // ---------------------------------------------------------------- run

    static boolean run(Options o) throws Exception {
        int partitions = prepareTopics(o);
        String applicationId = "kstreams-counts-" + System.nanoTime();
        Path stateDir = Files.createTempDirectory("kstreams-counts-");
        OutputVerifier verifier = new OutputVerifier(o.records(), o.keys());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        double seconds;
        long read; // output records read within the timed section (N unless it failed)
        try (KafkaConsumer<String, String> consumer = outputConsumer(o)) {
            List<TopicPartition> outParts = consumer.partitionsFor(o.outputTopic()).stream()
                    .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
            consumer.assign(outParts);
            consumer.seekToBeginning(outParts);
            outParts.forEach(consumer::position); // resolve offsets before the clock starts

            KafkaStreams streams = new KafkaStreams(
                    CountsTopology.build(o.inputTopic(), o.outputTopic(), o.keys()),
                    streamsProps(o, applicationId, stateDir));
            streams.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            try {
                long start = System.nanoTime();
                long deadline = start + o.timeoutSeconds() * 1_000_000_000L;
                streams.start();
                while (verifier.accepted() < o.records() && failure.get() == null
                        && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                        verifier.accept(r.key(), r.value());
                    }
                }
                seconds = (System.nanoTime() - start) / 1e9;
                read = verifier.accepted();
                if (verifier.accepted() < o.records() && failure.get() == null) {
                    failure.set(new IllegalStateException("timed out after " + o.timeoutSeconds()
                            + " s with " + verifier.accepted() + " of " + o.records() + " records"));
                }
                // Untimed: anything arriving after N records is a duplicate the verifier must see.
                long drainEnd = System.nanoTime() + DRAIN.toNanos();
                while (failure.get() == null && System.nanoTime() < drainEnd) {
                    consumer.poll(POLL).forEach(r -> verifier.accept(r.key(), r.value()));
                }
            } finally {
                streams.close(Duration.ofSeconds(60));
                streams.cleanUp();
            }
        } finally {
            deleteRecursively(stateDir);
            deleteInternalTopics(o, applicationId);
        }

        boolean verified = failure.get() == null && verifier.verified();
        if (failure.get() != null) {
            System.err.println("weir-bench-kafka-streams: " + failure.get());
        }
        if (!verified) {
            System.err.println("weir-bench-kafka-streams: verification failed: " + verifier.summary());
        }
        System.out.println("engine=kafka-streams-4.4.0");
        System.out.println("workload=kafka-counts");
        System.out.println("records=" + o.records());
        System.out.println("keys=" + o.keys());
        System.out.println("partitions=" + partitions);
        System.out.println("threads=" + o.threads());
        System.out.println("commit_interval_ms=" + o.commitIntervalMs());
        System.out.println("processing_guarantee=exactly_once_v2");
        System.out.println("java=" + System.getProperty("java.version") + " max_heap_mb="
                + Runtime.getRuntime().maxMemory() / (1 << 20));
        System.out.println("verified=" + verified);
        System.out.println("seconds=" + String.format(Locale.ROOT, "%.3f", seconds));
        System.out.println("records_read=" + read);
        System.out.println("throughput_rps=" + Math.round(read / seconds));
        return verified;
    }

    /**
     * Checks IN exists and holds at least N records, and creates OUT (same partition count) if
     * absent or checks it is empty. Returns IN's partition count.
     */
    private static int prepareTopics(Options o) throws Exception {
        try (Admin admin = Admin.create(adminProps(o))) {
            Set<String> existing = admin.listTopics().names().get();
            if (!existing.contains(o.inputTopic())) {
                throw new IllegalStateException("input topic " + o.inputTopic()
                        + " does not exist; create and fill it first (e.g. with --preload)");
            }
            TopicDescription in = admin.describeTopics(List.of(o.inputTopic()))
                    .allTopicNames().get().get(o.inputTopic());
            int partitions = in.partitions().size();
            long inputRecords = recordCount(admin, o.inputTopic(), partitions);
            if (inputRecords < o.records()) {
                throw new IllegalStateException("input topic " + o.inputTopic() + " holds "
                        + inputRecords + " records, fewer than --records " + o.records());
            }
            if (!existing.contains(o.outputTopic())) {
                admin.createTopics(List.of(new NewTopic(o.outputTopic(), Optional.of(partitions),
                        Optional.empty()))).all().get();
            } else {
                int outPartitions = admin.describeTopics(List.of(o.outputTopic()))
                        .allTopicNames().get().get(o.outputTopic()).partitions().size();
                if (recordCount(admin, o.outputTopic(), outPartitions) > 0) {
                    throw new IllegalStateException("output topic " + o.outputTopic()
                            + " is not empty; use a fresh output topic per run");
                }
            }
            return partitions;
        }
    }

    /** Latest minus earliest offset, summed over partitions (counts markers too, if any). */
    private static long recordCount(Admin admin, String topic, int partitions) throws Exception {
        long total = 0;
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            total += offset(admin, tp, OffsetSpec.latest()) - offset(admin, tp, OffsetSpec.earliest());
        }
        return total;
    }

    private static long offset(Admin admin, TopicPartition tp, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(tp, spec)).partitionResult(tp).get().offset();
    }

    private static Properties streamsProps(Options o, String applicationId, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, o.commitIntervalMs());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, o.threads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return p;
    }

    private static KafkaConsumer<String, String> outputConsumer(Options o) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static Properties adminProps(Options o) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        return p;
    }

    /** Best effort: the app's repartition and changelog topics are of no use after the run. */
    private static void deleteInternalTopics(Options o, String applicationId) {
        try (Admin admin = Admin.create(adminProps(o))) {
            List<String> internal = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(applicationId + "-")).collect(Collectors.toList());
            if (!internal.isEmpty()) {
                admin.deleteTopics(internal).all().get();
            }
        } catch (Exception e) {
            System.err.println("weir-bench-kafka-streams: could not delete internal topics: " + e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("weir-bench-kafka-streams: cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
