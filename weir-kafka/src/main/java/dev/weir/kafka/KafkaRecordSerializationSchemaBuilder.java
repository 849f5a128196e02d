package dev.weir.kafka;

import dev.weir.api.serialization.SerializationSchema;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Builds the {@link KafkaRecordSerializationSchema} of one topic, as in Flink: the value (required)
 * and optionally the key go through {@link SerializationSchema}s or Kafka {@link Serializer}s, the
 * partition is Kafka's choice unless a {@link KafkaPartitioner} is set. Get one from
 * {@link KafkaRecordSerializationSchema#builder()}.
 *
 * @param <IN> the type of the records written
 */
public class KafkaRecordSerializationSchemaBuilder<IN> {
    private String topic;
    private SerializationSchema<? super IN> valueSerializationSchema;
    private SerializationSchema<? super IN> keySerializationSchema;
    private KafkaPartitioner<? super IN> partitioner;
    private SerializerClass keySerializer;
    private SerializerClass valueSerializer;

    public KafkaRecordSerializationSchemaBuilder() {
    }

    /** The topic every record goes to (required); the sink checks at start that it exists. */
    public KafkaRecordSerializationSchemaBuilder<IN> setTopic(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
        return this;
    }

    /** The value of each Kafka record (required). */
    public <T extends IN> KafkaRecordSerializationSchemaBuilder<T> setValueSerializationSchema(
            SerializationSchema<T> valueSerializationSchema) {
        KafkaRecordSerializationSchemaBuilder<T> self = self();
        self.valueSerializationSchema = Objects.requireNonNull(valueSerializationSchema, "valueSerializationSchema");
        return self;
    }

    /** The key of each Kafka record; without it records have no key. */
    public <T extends IN> KafkaRecordSerializationSchemaBuilder<T> setKeySerializationSchema(
            SerializationSchema<? super T> keySerializationSchema) {
        KafkaRecordSerializationSchemaBuilder<T> self = self();
        self.keySerializationSchema = Objects.requireNonNull(keySerializationSchema, "keySerializationSchema");
        return self;
    }

    /** Chooses each record's partition; without it Kafka's default partitioner does (by key hash, or sticky without a key). */
    public <T extends IN> KafkaRecordSerializationSchemaBuilder<T> setPartitioner(KafkaPartitioner<? super T> partitioner) {
        KafkaRecordSerializationSchemaBuilder<T> self = self();
        self.partitioner = Objects.requireNonNull(partitioner, "partitioner");
        return self;
    }

    /** The key through a Kafka {@link Serializer} of this class (no-argument constructor), instead of a schema. */
    public <T extends IN> KafkaRecordSerializationSchemaBuilder<T> setKafkaKeySerializer(
            Class<? extends Serializer<? super T>> keySerializer) {
        return setKafkaKeySerializer(keySerializer, Map.of());
    }

    /** As {@link #setKafkaKeySerializer(Class)}, the serializer configured with {@code configuration}. */
    public <T extends IN, S extends Serializer<? super T>> KafkaRecordSerializationSchemaBuilder<T> setKafkaKeySerializer(
            Class<S> keySerializer, Map<String, String> configuration) {
        KafkaRecordSerializationSchemaBuilder<T> self = self();
        self.keySerializer = new SerializerClass(Objects.requireNonNull(keySerializer, "keySerializer"), configuration);
        return self;
    }

    /** The value through a Kafka {@link Serializer} of this class (no-argument constructor), instead of a schema. */
    public <T extends IN> KafkaRecordSerializationSchemaBuilder<T> setKafkaValueSerializer(
            Class<? extends Serializer<? super T>> valueSerializer) {
        return setKafkaValueSerializer(valueSerializer, Map.of());
    }

    /** As {@link #setKafkaValueSerializer(Class)}, the serializer configured with {@code configuration}. */
    public <T extends IN, S extends Serializer<? super T>> KafkaRecordSerializationSchemaBuilder<T> setKafkaValueSerializer(
            Class<S> valueSerializer, Map<String, String> configuration) {
        KafkaRecordSerializationSchemaBuilder<T> self = self();
        self.valueSerializer = new SerializerClass(Objects.requireNonNull(valueSerializer, "valueSerializer"), configuration);
        return self;
    }

    /** A Kafka serializer class and its configuration; made into a schema at {@link #build()}, once the topic is known. */
    private record SerializerClass(Class<?> type, Map<String, String> configuration) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        <T> SerializationSchema<T> schema(boolean isKey, String topic) {
            return new KafkaSerializerSchema<>((Class) type, configuration, isKey, topic);
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends IN> KafkaRecordSerializationSchemaBuilder<T> self() {
        return (KafkaRecordSerializationSchemaBuilder<T>) this;
    }

    public KafkaRecordSerializationSchema<IN> build() {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("KafkaRecordSerializationSchema: the topic is not set (setTopic)");
        }
        if (valueSerializationSchema != null && valueSerializer != null
                || keySerializationSchema != null && keySerializer != null) {
            throw new IllegalArgumentException("KafkaRecordSerializationSchema: set a serialization schema or a Kafka "
                    + "serializer for the key and for the value, not both");
        }
        SerializationSchema<? super IN> value = valueSerializer != null ? valueSerializer.schema(false, topic)
                : valueSerializationSchema;
        SerializationSchema<? super IN> key = keySerializer != null ? keySerializer.schema(true, topic)
                : keySerializationSchema;
        if (value == null) {
            throw new IllegalArgumentException("KafkaRecordSerializationSchema: no value serialization schema "
                    + "(setValueSerializationSchema, e.g. new SimpleStringSchema(), or setKafkaValueSerializer)");
        }
        return new TopicRecordSerializationSchema<>(topic, value, key, partitioner);
    }
}
