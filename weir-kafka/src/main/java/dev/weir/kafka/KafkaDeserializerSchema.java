package dev.weir.kafka;

import dev.weir.api.Collector;
import dev.weir.api.serialization.DeserializationSchema;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * {@link KafkaRecordDeserializationSchema#valueOnly(Class)}: the record's value through a Kafka
 * {@link Deserializer}, created and configured per subtask in {@link #open}.
 */
final class KafkaDeserializerSchema<V> implements KafkaRecordDeserializationSchema<V> {
    private final Class<? extends Deserializer<V>> deserializerClass;
    private final Map<String, String> config;
    private Deserializer<V> deserializer;

    KafkaDeserializerSchema(Class<? extends Deserializer<V>> deserializerClass, Map<String, String> config) {
        this.deserializerClass = deserializerClass;
        this.config = Map.copyOf(config);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        deserializer = KafkaSerdes.create(deserializerClass);
        deserializer.configure(config, false);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<V> out) {
        V value = deserializer.deserialize(record.topic(), record.headers(), record.value());
        if (value != null) {
            out.collect(value);
        }
    }

    /**
     * The class of the values, as the deserializer declares it ({@code Deserializer<String>} gives
     * String); {@code Object} if its class does not say.
     */
    @Override
    @SuppressWarnings("unchecked")
    public TypeInformation<V> getProducedType() {
        return (TypeInformation<V>) TypeInformation.of(KafkaSerdes.typeArgument(deserializerClass, Deserializer.class));
    }

    @Override
    public String toString() {
        return "valueOnly(" + deserializerClass.getName() + ")";
    }
}
