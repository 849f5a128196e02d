package dev.weir.kafka;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns a record into a Kafka record (topic, optional partition, key, value, headers). Runs on the
 * sink subtask's thread; must not keep references to the byte arrays it returns.
 */
@FunctionalInterface
public interface KafkaRecordSerializer<T> {

    ProducerRecord<byte[], byte[]> serialize(T element) throws Exception;

    /** Key and value as UTF-8 strings into {@code topic}; a null key leaves partitioning to Kafka. */
    static <T> KafkaRecordSerializer<T> utf8(String topic, Function<T, String> key, Function<T, String> value) {
        return element -> {
            String k = key.apply(element);
            return new ProducerRecord<>(topic, k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                    value.apply(element).getBytes(StandardCharsets.UTF_8));
        };
    }
}
