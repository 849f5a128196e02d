package dev.weir.kafka;

import dev.weir.api.serialization.SerializationSchema;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serializer} as the key or value {@link SerializationSchema} of a
 * {@link KafkaRecordSerializationSchemaBuilder}: created and configured per subtask in {@link #open}.
 */
final class KafkaSerializerSchema<T> implements SerializationSchema<T> {
    private final Class<? extends Serializer<? super T>> serializerClass;
    private final Map<String, String> config;
    private final boolean isKey;
    private final String topic;
    private Serializer<? super T> serializer;

    KafkaSerializerSchema(Class<? extends Serializer<? super T>> serializerClass, Map<String, String> config,
                          boolean isKey, String topic) {
        this.serializerClass = serializerClass;
        this.config = Map.copyOf(config);
        this.isKey = isKey;
        this.topic = topic;
    }

    @Override
    public void open(InitializationContext context) {
        serializer = KafkaSerdes.create(serializerClass);
        serializer.configure(config, isKey);
    }

    @Override
    public byte[] serialize(T element) {
        return serializer.serialize(topic, element);
    }

    @Override
    public String toString() {
        return serializerClass.getName();
    }
}
