package dev.weir.kafka;

import dev.weir.api.connector.DeliveryGuarantee;
import dev.weir.api.connector.Sink;
import dev.weir.api.spi.DelegatingSink;
import java.util.Map;

/**
 * Writes records to Kafka with the chosen {@link DeliveryGuarantee}, as in Flink. Build one with
 * {@link #builder()}:
 *
 * <pre>{@code
 * KafkaSink<String> sink = KafkaSink.<String>builder()
 *         .setBootstrapServers("127.0.0.1:9092")
 *         .setRecordSerializer(KafkaRecordSerializationSchema.builder()
 *                 .setTopic("out")
 *                 .setValueSerializationSchema(new SimpleStringSchema())
 *                 .build())
 *         .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
 *         .setTransactionalIdPrefix("orders-job")
 *         .build();
 * }</pre>
 *
 * <p><b>EXACTLY_ONCE</b> (see {@link KafkaTransactionalSink}): each subtask writes one Kafka
 * transaction per checkpoint under ids {@code <prefix>-<subtask>-<slot>} from a small reused pool,
 * flushes it before the checkpoint is acknowledged and commits it when the checkpoint completes.
 * A restore commits the transactions its checkpoint lists as pending and aborts every other open
 * transaction under the prefix, so {@code read_committed} consumers are never blocked. Needs a
 * transactional id prefix that no other job uses, and
 * {@code transaction.timeout.ms} (default 15 minutes here) longer than a checkpoint interval plus
 * its timeout and at most the brokers' {@code transaction.max.timeout.ms}; the sink checks both at
 * start and refuses a configuration that could lose data. Without checkpointing, EXACTLY_ONCE keeps
 * one transaction open for the whole (bounded) job and commits it at the end: a job running longer
 * than {@code transaction.timeout.ms} then fails with data loss, so enable checkpointing.
 *
 * <p><b>AT_LEAST_ONCE</b> (the default): the producer is flushed before each checkpoint is
 * acknowledged. <b>NONE</b>: records are sent and never waited for.
 *
 * <p>Unless set, the producers use {@code batch.size} 256 KB, and EXACTLY_ONCE ones also
 * {@code linger.ms} 20 (Kafka's defaults: 16 KB, 5 ms): fewer, larger produce requests cost less per
 * record; their records become visible only at the commit, and the flush before each checkpoint is
 * acknowledged sends what lingers at once.
 *
 * <p>Each subtask works on its own copy of this object; its writer is created in
 * {@link #initializeState} and its producers in {@link #open}.
 *
 * @param <IN> record type
 */
public final class KafkaSink<IN> extends DelegatingSink<IN> {
    private final Settings<IN> settings;

    KafkaSink(Settings<IN> settings) {
        this.settings = settings;
    }

    public static <IN> KafkaSinkBuilder<IN> builder() {
        return new KafkaSinkBuilder<>();
    }

    /** The subtask's writer for the guarantee. */
    @Override
    protected Sink<IN> createWriter() {
        return settings.guarantee() == DeliveryGuarantee.EXACTLY_ONCE
                ? new KafkaTransactionalSink<>(settings)
                : new KafkaAtLeastOnceSink<>(settings);
    }

    @Override
    public String toString() {
        return settings.toString();
    }

    /**
     * What the writers of every guarantee are configured with. {@code topic} is that of a built
     * record serializer, checked at start; null for a serializer of the user's own.
     */
    record Settings<T>(String bootstrapServers, Map<String, String> properties, KafkaRecordSerializationSchema<T> serializer,
                       String topic, String transactionalIdPrefix, DeliveryGuarantee guarantee) {

        /** "topic t" or "the topics of the record serializer", for messages. */
        String topics() {
            return topic != null ? "topic " + topic : "the topics of record serializer " + serializer;
        }

        @Override
        public String toString() {
            return "KafkaSink" + KafkaClients.redacted(properties) + (topic != null ? " topic " + topic : "")
                    + " " + guarantee;
        }
    }
}
