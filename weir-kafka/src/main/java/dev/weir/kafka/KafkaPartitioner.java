package dev.weir.kafka;

/**
 * Chooses the partition of each record a Kafka sink writes, as in Flink (set it with
 * {@link KafkaRecordSerializationSchemaBuilder#setPartitioner}; without one Kafka's default
 * partitioner decides). Each sink subtask has its own shallow copy: {@link #open} once, then
 * {@link #partition} per record, on the subtask's thread.
 *
 * @param <T> the type of the records written
 */
@FunctionalInterface
public interface KafkaPartitioner<T> {

    /** Called once per sink subtask before the first record. */
    default void open(int parallelInstanceId, int parallelInstances) {
    }

    /** The partition, one of {@code partitions} (the topic's partitions), for the record with these bytes. */
    int partition(T record, byte[] key, byte[] value, String targetTopic, int[] partitions);
}
