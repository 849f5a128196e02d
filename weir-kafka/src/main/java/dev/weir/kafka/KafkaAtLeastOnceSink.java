package dev.weir.kafka;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.DeliveryGuarantee;
import dev.weir.api.connector.Sink;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.spi.AsyncSnapshotWork;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The AT_LEAST_ONCE and NONE Kafka sink: one idempotent producer per subtask. For AT_LEAST_ONCE
 * the producer is flushed off the task thread before each checkpoint is acknowledged, so every
 * record before the barrier is in Kafka when the checkpoint completes; a replay after a failure
 * may write some again. NONE never waits.
 */
final class KafkaAtLeastOnceSink<T> implements Sink<T>, CheckpointedFunction, AsyncSnapshotWork {
    private final KafkaSink.Settings<T> settings;
    private transient SinkProducer producer;
    private transient SinkRecordSerializer<T> serializer;

    KafkaAtLeastOnceSink(KafkaSink.Settings<T> settings) {
        this.settings = settings;
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        Properties props = new Properties();
        props.putAll(settings.properties());
        if (settings.guarantee() == DeliveryGuarantee.AT_LEAST_ONCE) {
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
        }
        if (settings.topic() != null) {
            try (Admin admin = KafkaClients.admin(props)) {
                KafkaClients.partitionsOf(admin, Set.of(settings.topic()), props);
            }
        }
        producer = new SinkProducer(props, null);
        serializer = new SinkRecordSerializer<>(settings.serializer(), context.getTaskInfo().getIndexOfThisSubtask(),
                context.getTaskInfo().getNumberOfParallelSubtasks(), producer.producer::partitionsFor);
    }

    @Override
    public void write(T value) {
        ProducerRecord<byte[], byte[]> record = serializer.serialize(value);
        if (record != null) {
            producer.send(record);
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // no state: a checkpoint only waits for the producer's flush
    }

    @Override
    public void snapshotState(FunctionSnapshotContext snapshot) {
        producer.throwIfFailed();
    }

    @Override
    public List<Action> drainAsyncSnapshotWork() {
        SinkProducer flushed = producer;
        return settings.guarantee() == DeliveryGuarantee.AT_LEAST_ONCE ? List.of(flushed::flush) : List.of();
    }

    @Override
    public void finish() {
        producer.flush();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
