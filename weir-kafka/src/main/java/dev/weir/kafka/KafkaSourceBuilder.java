package dev.weir.kafka;

import dev.weir.api.serialization.DeserializationSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * Builds a {@link KafkaSource}, as in Flink; get one from {@link KafkaSource#builder()}. Required:
 * bootstrap servers, what to read (topics, a topic pattern or partitions) and a deserializer.
 *
 * <p>As in Flink, the bootstrap servers, the group id and the client id prefix are properties too
 * ({@code bootstrap.servers}, {@code group.id}, {@code client.id.prefix}): setting them through
 * {@link #setProperty} or {@link #setProperties} is the same as through their setters, and the last
 * call wins. Weir adds {@link #setDeadLetterTopic}.
 *
 * @param <OUT> record type
 */
public class KafkaSourceBuilder<OUT> {
    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    static final String GROUP_ID = "group.id";
    static final String CLIENT_ID_PREFIX = "client.id.prefix";

    final Map<String, String> properties = new HashMap<>();
    final List<String> topics = new ArrayList<>();
    Pattern topicPattern;
    Set<TopicPartition> partitions;
    String clientIdPrefix;
    OffsetsInitializer startingOffsets = OffsetsInitializer.earliest();
    OffsetsInitializer stoppingOffsets;
    KafkaRecordDeserializationSchema<OUT> deserializer;
    String deadLetterTopic;

    KafkaSourceBuilder() {
    }

    public KafkaSourceBuilder<OUT> setBootstrapServers(String bootstrapServers) {
        return setProperty(BOOTSTRAP_SERVERS, bootstrapServers);
    }

    /**
     * The consumer group, only for reporting progress (the offsets of each completed checkpoint are
     * committed to it) and for {@link OffsetsInitializer#committedOffsets()}: the source never joins
     * the group, it is assigned its partitions.
     */
    public KafkaSourceBuilder<OUT> setGroupId(String groupId) {
        return setProperty(GROUP_ID, groupId);
    }

    public KafkaSourceBuilder<OUT> setTopics(List<String> topics) {
        this.topics.addAll(topics);
        return this;
    }

    public KafkaSourceBuilder<OUT> setTopics(String... topics) {
        return setTopics(List.of(topics));
    }

    /** Every topic whose whole name matches, resolved once when the job first starts. */
    public KafkaSourceBuilder<OUT> setTopicPattern(Pattern topicPattern) {
        this.topicPattern = Objects.requireNonNull(topicPattern, "topicPattern");
        return this;
    }

    /** Exactly these partitions; checked to exist when the job first starts. */
    public KafkaSourceBuilder<OUT> setPartitions(Set<TopicPartition> partitions) {
        this.partitions = new HashSet<>(partitions);
        return this;
    }

    /** Where each partition starts when no checkpoint says where (a fresh start); default {@link OffsetsInitializer#earliest()}. */
    public KafkaSourceBuilder<OUT> setStartingOffsets(OffsetsInitializer startingOffsetsInitializer) {
        this.startingOffsets = Objects.requireNonNull(startingOffsetsInitializer, "startingOffsetsInitializer");
        return this;
    }

    /**
     * Makes the source bounded: each partition is read up to the offset {@code stoppingOffsetsInitializer}
     * gives at the first start (e.g. {@link OffsetsInitializer#latest()}: what the partitions hold
     * then), and the source finishes when all have reached it.
     */
    public KafkaSourceBuilder<OUT> setBounded(OffsetsInitializer stoppingOffsetsInitializer) {
        this.stoppingOffsets = Objects.requireNonNull(stoppingOffsetsInitializer, "stoppingOffsetsInitializer");
        return this;
    }

    /**
     * The same as {@link #setBounded} in Weir, which runs every job as a stream: the source stops at
     * the given offsets and then finishes.
     */
    public KafkaSourceBuilder<OUT> setUnbounded(OffsetsInitializer stoppingOffsetsInitializer) {
        return setBounded(stoppingOffsetsInitializer);
    }

    /** Turns each whole Kafka record (key, value, headers, position) into records. */
    public KafkaSourceBuilder<OUT> setDeserializer(KafkaRecordDeserializationSchema<OUT> recordDeserializer) {
        this.deserializer = Objects.requireNonNull(recordDeserializer, "recordDeserializer");
        return this;
    }

    /** Turns the value of each Kafka record into a record; the key and headers are ignored. */
    public KafkaSourceBuilder<OUT> setValueOnlyDeserializer(DeserializationSchema<OUT> deserializationSchema) {
        return setDeserializer(KafkaRecordDeserializationSchema.valueOnly(deserializationSchema));
    }

    /** The consumers' {@code client.id} is {@code <prefix>-<subtask>} (default prefix {@code weir-source}). */
    public KafkaSourceBuilder<OUT> setClientIdPrefix(String prefix) {
        return setProperty(CLIENT_ID_PREFIX, prefix);
    }

    /**
     * Divert records the deserializer rejects to this topic (written as they are, with their origin
     * in headers) instead of applying the error policy. Weir's addition; the topic must exist.
     */
    public KafkaSourceBuilder<OUT> setDeadLetterTopic(String topic) {
        this.deadLetterTopic = Objects.requireNonNull(topic, "topic");
        return this;
    }

    /** Any consumer property (security settings, fetch sizes); secrets never appear in Weir's messages. */
    public KafkaSourceBuilder<OUT> setProperty(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, () -> "the value of property " + key);
        if (key.equals(CLIENT_ID_PREFIX)) {
            clientIdPrefix = value; // Weir's to use, not the consumer's: unknown to Kafka
        } else {
            properties.put(key, value);
        }
        return this;
    }

    /** Every property of {@code props}, as with {@link #setProperty}. */
    public KafkaSourceBuilder<OUT> setProperties(Properties props) {
        props.stringPropertyNames().forEach(key -> setProperty(key, props.getProperty(key)));
        props.forEach((key, value) -> { // values that are not strings (numbers) are missed by stringPropertyNames
            if (!(value instanceof String)) {
                setProperty(String.valueOf(key), String.valueOf(value));
            }
        });
        return this;
    }

    /** Checks the configuration (throws {@link IllegalArgumentException} naming what is wrong) and builds the source. */
    public KafkaSource<OUT> build() {
        KafkaSource<OUT> source = new KafkaSource<>(this);
        source.validate();
        return source;
    }
}
