package dev.weir.bench.flink;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The Kafka ends of the counts job, mirroring Weir's {@code dev.weir.examples.CountsKafka} and
 * {@code KafkaTestClients.readCommittedValues}: input records whose value is {@code seq} as a decimal
 * string (bounded: earliest to the end offsets at the start, read_committed), output records with
 * key {@code key} and value {@code key,count,seq} through Flink's exactly-once KafkaSink.
 */
final class KafkaCounts {
    private KafkaCounts() {
    }

    static KafkaSource<CountsJob.Event> source(String bootstrapServers, String topic, long keys) {
        return KafkaSource.<CountsJob.Event>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId("weir-bench-flink-counts")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .setValueOnlyDeserializer(new SeqDeserializer(keys))
                .build();
    }

    /** Exactly-once into {@code topic}; the transactional id prefix is unique to this run. */
    static KafkaSink<CountsJob.Line> sink(String bootstrapServers, String topic) {
        return KafkaSink.<CountsJob.Line>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(KafkaRecordSerializationSchema.<CountsJob.Line>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(new LineKey())
                        .setValueSerializationSchema(new LineValue())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("weir-bench-flink-" + topic + "-" + UUID.randomUUID())
                // the connector's default (1 h) exceeds the brokers' default transaction.max.timeout.ms (15 min)
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "600000")
                .build();
    }

    /** The record key: the line's key as a decimal string (classes, not lambdas: Flink infers their types). */
    static final class LineKey implements SerializationSchema<CountsJob.Line> {
        @Override
        public byte[] serialize(CountsJob.Line line) {
            return Long.toString(line.key()).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The record value: {@code key,count,seq}. */
    static final class LineValue implements SerializationSchema<CountsJob.Line> {
        @Override
        public byte[] serialize(CountsJob.Line line) {
            return line.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** seq as a decimal string → the event (seq, seq % keys). */
    static final class SeqDeserializer extends AbstractDeserializationSchema<CountsJob.Event> {
        private final long keys;

        SeqDeserializer(long keys) {
            this.keys = keys;
        }

        @Override
        public CountsJob.Event deserialize(byte[] message) {
            long seq = Long.parseLong(new String(message, StandardCharsets.UTF_8));
            return new CountsJob.Event(seq, seq % keys);
        }
    }

    /** Creates the topic with {@code partitions} partitions unless it exists. */
    static void createTopic(String bootstrapServers, int partitions, String topic) throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * The values committed to the topic: waits (up to 60 s) until no transaction holds back the last
     * stable offset, then reads read_committed from the beginning to the end.
     */
    static List<String> readCommittedValues(String bootstrapServers, String topic) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        try (Admin admin = admin(bootstrapServers)) {
            int count = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < count; p++) {
                partitions.add(new TopicPartition(topic, p));
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!offsets(admin, latest, IsolationLevel.READ_COMMITTED)
                    .equals(offsets(admin, latest, IsolationLevel.READ_UNCOMMITTED)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " did not reach the end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Map<TopicPartition, OffsetSpec> specs,
                                                     IsolationLevel isolation) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(specs, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private static Admin admin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(props);
    }
}
