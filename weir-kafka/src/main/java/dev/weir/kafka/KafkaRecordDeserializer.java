package dev.weir.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a Kafka record into the source's record type. Runs on the source subtask's thread.
 *
 * <p>Throwing means the record is malformed: the job fails with the record's topic, partition and
 * offset in the message, or, if the source has a dead-letter topic, the raw record goes there and
 * reading continues. Returning {@code null} skips the record.
 */
@FunctionalInterface
public interface KafkaRecordDeserializer<T> {

    T deserialize(ConsumerRecord<byte[], byte[]> record) throws Exception;

    /** The value as a UTF-8 string (null values stay null and are skipped). */
    static KafkaRecordDeserializer<String> utf8Values() {
        return record -> record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
    }
}
