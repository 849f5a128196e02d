package dev.weir.kafka;

import dev.weir.api.serialization.SerializationSchema;
import java.util.Objects;

/**
 * Builds the {@link KafkaRecordSerializationSchema} of one topic, as in Flink: the value (required)
 * and optionally the key go through {@link SerializationSchema}s, the partition is Kafka's choice
 * unless a {@link KafkaPartitioner} is set. Get one from {@link KafkaRecordSerializationSchema#builder()}.
 *
 * @param <IN> the type of the records written
 */
public class KafkaRecordSerializationSchemaBuilder<IN> {
    private String topic;
    private SerializationSchema<? super IN> valueSerializationSchema;
    private SerializationSchema<? super IN> keySerializationSchema;
    private KafkaPartitioner<? super IN> partitioner;

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

    @SuppressWarnings("unchecked")
    private <T extends IN> KafkaRecordSerializationSchemaBuilder<T> self() {
        return (KafkaRecordSerializationSchemaBuilder<T>) this;
    }

    public KafkaRecordSerializationSchema<IN> build() {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("KafkaRecordSerializationSchema: the topic is not set (setTopic)");
        }
        if (valueSerializationSchema == null) {
            throw new IllegalArgumentException("KafkaRecordSerializationSchema: no value serialization schema "
                    + "(setValueSerializationSchema), e.g. new SimpleStringSchema()");
        }
        return new TopicRecordSerializationSchema<>(topic, valueSerializationSchema, keySerializationSchema, partitioner);
    }
}
