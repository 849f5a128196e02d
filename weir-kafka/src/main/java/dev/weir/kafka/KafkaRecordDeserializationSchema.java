package dev.weir.kafka;

import dev.weir.api.Collector;
import dev.weir.api.serialization.DeserializationSchema;
import dev.weir.api.typeinfo.TypeInformation;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a whole Kafka record (key, value, headers, topic, partition, offset, timestamp) into zero or
 * more records of the source, as in Flink. For the value alone use
 * {@link #valueOnly(DeserializationSchema)} (what {@link KafkaSourceBuilder#setValueOnlyDeserializer}
 * does).
 *
 * <p><b>Call order and threading.</b> Each source subtask works on its own shallow copy of the schema:
 * {@link #open} once, then {@link #deserialize} per record, on the subtask's thread.
 *
 * <p><b>Failures.</b> Throwing means the record is malformed: the source fails the job naming the
 * record's topic, partition and offset, or skips or diverts it as its error policy or dead-letter
 * topic says (records it emitted before throwing stay emitted). Emitting nothing skips the record.
 *
 * @param <T> the type of the records produced
 */
public interface KafkaRecordDeserializationSchema<T> {

    /** Called once per subtask before the first record. */
    default void open(DeserializationSchema.InitializationContext context) throws Exception {
    }

    /** Emits the records {@code record} holds into {@code out}. */
    void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) throws IOException;

    /** The type of the records produced. */
    TypeInformation<T> getProducedType();

    /** Deserializes only the value of each record with {@code valueDeserializationSchema}; a null value is passed on as null. */
    static <V> KafkaRecordDeserializationSchema<V> valueOnly(DeserializationSchema<V> valueDeserializationSchema) {
        return new ValueOnlyDeserializationSchema<>(valueDeserializationSchema);
    }

    /** Deserializes only the value of each record with a Kafka {@link Deserializer} of this class (no-argument constructor). */
    static <V> KafkaRecordDeserializationSchema<V> valueOnly(Class<? extends Deserializer<V>> valueDeserializerClass) {
        return valueOnly(valueDeserializerClass, Map.of());
    }

    /** As {@link #valueOnly(Class)}, the deserializer configured with {@code config}. */
    static <V, D extends Deserializer<V>> KafkaRecordDeserializationSchema<V> valueOnly(
            Class<D> valueDeserializerClass, Map<String, String> config) {
        return new KafkaDeserializerSchema<>(valueDeserializerClass, config);
    }
}
