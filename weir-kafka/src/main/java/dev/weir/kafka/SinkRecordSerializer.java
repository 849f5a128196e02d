package dev.weir.kafka;

import dev.weir.api.serialization.SerializationSchema;
import dev.weir.runtime.FunctionCopies;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;

/**
 * A sink subtask's own copy of the {@link KafkaRecordSerializationSchema}, opened with the subtask's
 * {@link KafkaRecordSerializationSchema.KafkaSinkContext}. Task thread only.
 */
final class SinkRecordSerializer<T> implements KafkaRecordSerializationSchema.KafkaSinkContext {
    private static final SerializationSchema.InitializationContext NO_CONTEXT = new SerializationSchema.InitializationContext() {
    };

    private final KafkaRecordSerializationSchema<T> schema;
    private final int subtaskIndex;
    private final int parallelism;
    private final Function<String, List<PartitionInfo>> partitionsFor;
    private final Map<String, int[]> partitions = new HashMap<>();

    /** {@code partitionsFor} asks a producer of the subtask (it knows the cluster's metadata). */
    SinkRecordSerializer(KafkaRecordSerializationSchema<T> shared, int subtaskIndex, int parallelism,
                         Function<String, List<PartitionInfo>> partitionsFor) throws Exception {
        this.schema = FunctionCopies.perSubtaskCopy(shared); // the sink's settings, and so the schema, are shared
        this.subtaskIndex = subtaskIndex;
        this.parallelism = parallelism;
        this.partitionsFor = partitionsFor;
        schema.open(NO_CONTEXT, this);
    }

    /** The Kafka record to send, or {@code null} if the schema skips the element. */
    ProducerRecord<byte[], byte[]> serialize(T element) {
        return schema.serialize(element, this, null); // Weir's sinks get no record timestamp: Kafka stamps it
    }

    @Override
    public int getParallelInstanceId() {
        return subtaskIndex;
    }

    @Override
    public int getNumberOfParallelInstances() {
        return parallelism;
    }

    @Override
    public int[] getPartitionsForTopic(String topic) {
        return partitions.computeIfAbsent(topic, t -> partitionsFor.apply(t).stream()
                .mapToInt(PartitionInfo::partition).sorted().toArray());
    }
}
