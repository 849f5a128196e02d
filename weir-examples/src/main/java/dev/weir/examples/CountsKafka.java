package dev.weir.examples;

import dev.weir.api.connector.DeliveryGuarantee;
import dev.weir.api.serialization.DeserializationSchema;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.kafka.KafkaRecordSerializationSchema;
import dev.weir.kafka.KafkaSink;
import dev.weir.kafka.KafkaSinkBuilder;
import dev.weir.kafka.KafkaSource;
import dev.weir.kafka.KafkaSourceBuilder;
import dev.weir.kafka.OffsetsInitializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka ends of {@link Counts}: input records whose value is {@code seq} as a decimal UTF-8
 * string (the key is ignored), output records with key {@code key} and value {@code key,count,seq},
 * written exactly-once; and {@link #preload} to fill the input topic with seq 0..N-1.
 */
public final class CountsKafka {
    private CountsKafka() {
    }

    /** Reads the input topic from the beginning up to its end at the first start. */
    public static KafkaSource<Counts.Event> source(String bootstrapServers, String topic, long keys) {
        return source(bootstrapServers, topic, keys, Map.of());
    }

    /** Like {@link #source(String, String, long)} with extra consumer/admin properties (e.g. timeouts). */
    public static KafkaSource<Counts.Event> source(String bootstrapServers, String topic, long keys,
                                                   Map<String, String> properties) {
        KafkaSourceBuilder<Counts.Event> builder = KafkaSource.<Counts.Event>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId("weir-counts")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new EventSchema(keys));
        properties.forEach(builder::setProperty);
        return builder.build();
    }

    /** An input value, {@code seq} as decimal text, as the event of key {@code seq % keys}. */
    static final class EventSchema implements DeserializationSchema<Counts.Event> {
        private final long keys;

        EventSchema(long keys) {
            this.keys = keys;
        }

        @Override
        public Counts.Event deserialize(byte[] message) {
            long seq = Long.parseLong(new String(message, StandardCharsets.UTF_8));
            return new Counts.Event(seq, seq % keys);
        }

        @Override
        public boolean isEndOfStream(Counts.Event nextElement) {
            return false;
        }

        @Override
        public TypeInformation<Counts.Event> getProducedType() {
            return TypeInformation.of(Counts.Event.class);
        }
    }

    /** The exactly-once sink into the output topic; transactional ids {@code weir-counts-<topic>-*}. */
    public static KafkaSink<Counts.Line> sink(String bootstrapServers, String topic) {
        return sink(bootstrapServers, topic, Map.of());
    }

    /** Like {@link #sink(String, String)} with extra producer/admin properties (e.g. timeouts). */
    public static KafkaSink<Counts.Line> sink(String bootstrapServers, String topic, Map<String, String> properties) {
        KafkaSinkBuilder<Counts.Line> builder = KafkaSink.<Counts.Line>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(KafkaRecordSerializationSchema.<Counts.Line>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(line -> Long.toString(line.key()).getBytes(StandardCharsets.UTF_8))
                        .setValueSerializationSchema(line -> line.toString().getBytes(StandardCharsets.UTF_8))
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("weir-counts-" + topic);
        properties.forEach(builder::setProperty);
        return builder.build();
    }

    /** Creates the topics that do not exist yet, with {@code partitions} partitions each. */
    public static void createTopics(String bootstrapServers, int partitions, String... topics) throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                    awaitLeaders(admin, topic, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic '" + topic + "' at bootstrap.servers="
                                + bootstrapServers + ": " + e.getCause(), e.getCause());
                    }
                }
            }
        }
    }

    /** A new topic's partitions take a moment to get leaders; writes before that stall the producer. */
    private static void awaitLeaders(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /** Writes seq 0..records-1 into the input topic, seq i into partition i % partitions. */
    public static void preload(String bootstrapServers, String topic, long records) throws Exception {
        int partitions;
        try (Admin admin = admin(bootstrapServers)) {
            partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (long seq = 0; seq < records; seq++) {
                producer.send(new ProducerRecord<>(topic, (int) (seq % partitions), null,
                        Long.toString(seq).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** How many records the topic holds (end minus earliest offset, summed over partitions). */
    public static long recordsIn(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long count = 0;
            for (var e : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values()) {
                count += e.offset();
            }
            for (var e : admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS).values()) {
                count -= e.offset();
            }
            return count;
        } catch (ExecutionException e) {
            throw new IllegalArgumentException("cannot read topic '" + topic + "' at bootstrap.servers=" + bootstrapServers
                    + ": " + e.getCause() + " (create it, or use --preload)", e.getCause());
        }
    }

    private static Admin admin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(30).toMillis());
        return Admin.create(props);
    }

}
