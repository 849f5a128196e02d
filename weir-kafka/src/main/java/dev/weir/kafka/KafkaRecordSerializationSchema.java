package dev.weir.kafka;

import dev.weir.api.serialization.SerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns a record into the Kafka record to write (topic, partition, key, value, headers), as in
 * Flink. Most jobs build one: {@code KafkaRecordSerializationSchema.builder().setTopic("out")
 * .setValueSerializationSchema(new SimpleStringSchema()).build()}.
 *
 * <p><b>Call order and threading.</b> Each sink subtask works on its own shallow copy of the schema:
 * {@link #open} once, then {@link #serialize} per record, on the subtask's thread. The byte arrays
 * returned must not be changed afterwards. An exception fails the job.
 *
 * <p>The Kafka sink checks at start that the topic of a built schema exists; a schema of your own
 * may write to any topic, and a missing one then fails the job at its first record (after the
 * producer's {@code max.block.ms}).
 *
 * @param <T> the type of the records written
 */
@FunctionalInterface
public interface KafkaRecordSerializationSchema<T> {

    /** Called once per subtask before the first record. */
    default void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
            throws Exception {
    }

    /**
     * The Kafka record for {@code element}. {@code timestamp} is the record's timestamp in epoch ms
     * if it has one, else {@code null} (Weir's sinks pass {@code null}: Kafka then stamps the record).
     */
    ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp);

    /** A builder for the usual case: one topic, value (and key) through {@link SerializationSchema}s. */
    static <T> KafkaRecordSerializationSchemaBuilder<T> builder() {
        return new KafkaRecordSerializationSchemaBuilder<>();
    }

    /** What the sink subtask tells its schema. */
    interface KafkaSinkContext {

        /** The index of the sink subtask, from 0. */
        int getParallelInstanceId();

        /** The parallelism of the sink. */
        int getNumberOfParallelInstances();

        /** The partitions of {@code topic}, looked up once per topic and subtask. */
        int[] getPartitionsForTopic(String topic);
    }
}
