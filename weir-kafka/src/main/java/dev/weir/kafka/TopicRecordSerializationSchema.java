package dev.weir.kafka;

import dev.weir.api.serialization.SerializationSchema;
import dev.weir.runtime.FunctionCopies;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What {@link KafkaRecordSerializationSchemaBuilder} builds: one topic, key and value through schemas. */
final class TopicRecordSerializationSchema<T> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private SerializationSchema<? super T> valueSchema;
    private SerializationSchema<? super T> keySchema;
    private KafkaPartitioner<? super T> partitioner;

    TopicRecordSerializationSchema(String topic, SerializationSchema<? super T> valueSchema,
                                   SerializationSchema<? super T> keySchema, KafkaPartitioner<? super T> partitioner) {
        this.topic = topic;
        this.valueSchema = valueSchema;
        this.keySchema = keySchema;
        this.partitioner = partitioner;
    }

    /** The topic every record goes to: the sink checks it at start. */
    String topic() {
        return topic;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        // This object is already the subtask's copy; what it holds is not yet.
        valueSchema = FunctionCopies.perSubtaskCopy(valueSchema);
        valueSchema.open(context);
        if (keySchema != null) {
            keySchema = FunctionCopies.perSubtaskCopy(keySchema);
            keySchema.open(context);
        }
        if (partitioner != null) {
            partitioner = FunctionCopies.perSubtaskCopy(partitioner);
            partitioner.open(sinkContext.getParallelInstanceId(), sinkContext.getNumberOfParallelInstances());
        }
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        byte[] value = valueSchema.serialize(element);
        byte[] key = keySchema == null ? null : keySchema.serialize(element);
        Integer partition = partitioner == null ? null
                : partitioner.partition(element, key, value, topic, context.getPartitionsForTopic(topic));
        return new ProducerRecord<>(topic, partition, timestamp == null || timestamp < 0 ? null : timestamp, key, value);
    }

    @Override
    public String toString() {
        return "topic " + topic;
    }
}
