package dev.weir.kafka;

import dev.weir.api.connector.Sink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Writes records to Kafka with the chosen {@link DeliveryGuarantee}.
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
 * <p><b>AT_LEAST_ONCE</b>: the producer is flushed before each checkpoint is acknowledged.
 * <b>NONE</b>: records are sent and never waited for.
 *
 * <pre>{@code
 * KafkaSink<Event> sink = KafkaSink.<Event>builder()
 *         .setBootstrapServers("127.0.0.1:9092")
 *         .setRecordSerializer(KafkaRecordSerializer.utf8("out", e -> e.key(), e -> e.line()))
 *         .setTopic("out")
 *         .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
 *         .setTransactionalIdPrefix("orders-job")
 *         .build();
 * }</pre>
 */
public final class KafkaSink {
    private KafkaSink() {
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** What both sink kinds are configured with. */
    record Settings<T>(String bootstrapServers, Map<String, String> properties, KafkaRecordSerializer<T> serializer,
                       String topic, String transactionalIdPrefix, DeliveryGuarantee guarantee) {
        @Override
        public String toString() {
            return "KafkaSink" + KafkaClients.redacted(properties) + " topic " + topic + " " + guarantee;
        }
    }

    /** Builds a Kafka sink; bootstrap servers, a record serializer and the topic are required. */
    public static final class Builder<T> {
        private String bootstrapServers;
        private KafkaRecordSerializer<T> serializer;
        private String topic;
        private String transactionalIdPrefix;
        private DeliveryGuarantee guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
        private final Map<String, String> properties = new HashMap<>();

        public Builder<T> setBootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        public Builder<T> setRecordSerializer(KafkaRecordSerializer<T> serializer) {
            this.serializer = serializer;
            return this;
        }

        /** The topic the serializer writes to: checked to exist at start. */
        public Builder<T> setTopic(String topic) {
            this.topic = topic;
            return this;
        }

        /** Default {@link DeliveryGuarantee#AT_LEAST_ONCE}, as in Flink. */
        public Builder<T> setDeliveryGuarantee(DeliveryGuarantee guarantee) {
            this.guarantee = Objects.requireNonNull(guarantee);
            return this;
        }

        /** Required for EXACTLY_ONCE; unique per job: ids under it are fenced and aborted on restore. */
        public Builder<T> setTransactionalIdPrefix(String prefix) {
            this.transactionalIdPrefix = prefix;
            return this;
        }

        /** Any producer property (e.g. {@code transaction.timeout.ms}, security settings). */
        public Builder<T> setProperty(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Sink<T> build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("KafkaSink: bootstrap servers are not set (setBootstrapServers)");
            }
            if (serializer == null) {
                throw new IllegalArgumentException("KafkaSink: no record serializer (setRecordSerializer)");
            }
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("KafkaSink: the output topic is not set (setTopic)");
            }
            for (String key : List.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)) {
                if (properties.containsKey(key)) {
                    throw new IllegalArgumentException("KafkaSink: property " + key + " is controlled by Weir; remove it"
                            + (key.equals(ProducerConfig.TRANSACTIONAL_ID_CONFIG) ? " and use setTransactionalIdPrefix" : ""));
                }
            }
            if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
                if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
                    throw new IllegalArgumentException("KafkaSink: EXACTLY_ONCE needs a transactional id prefix "
                            + "(setTransactionalIdPrefix) that no other job or sink uses");
                }
                String timeout = properties.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
                if (timeout != null && !timeout.matches("\\d+")) {
                    throw new IllegalArgumentException("KafkaSink: " + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG
                            + " must be a number of milliseconds, not '" + timeout + "'");
                }
            }
            Map<String, String> props = new HashMap<>(properties);
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            Settings<T> settings = new Settings<>(bootstrapServers, Map.copyOf(props), serializer, topic,
                    transactionalIdPrefix, guarantee);
            return guarantee == DeliveryGuarantee.EXACTLY_ONCE
                    ? new KafkaTransactionalSink<>(settings)
                    : new KafkaAtLeastOnceSink<>(settings);
        }
    }
}
