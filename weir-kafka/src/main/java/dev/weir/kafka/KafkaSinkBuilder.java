package dev.weir.kafka;

import dev.weir.api.connector.DeliveryGuarantee;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Builds a {@link KafkaSink}, as in Flink; get one from {@link KafkaSink#builder()}. Required:
 * bootstrap servers (setter or property) and a record serializer; for
 * {@link DeliveryGuarantee#EXACTLY_ONCE} also a transactional id prefix.
 *
 * <p>{@link #build()} refuses what Weir controls ({@code transactional.id}; {@code enable.idempotence=false}
 * except for NONE) and a {@code transaction.timeout.ms} that is not a number; the sink checks the
 * timeout against the checkpoint interval and the brokers' maximum when the job starts.
 *
 * @param <IN> record type
 */
public class KafkaSinkBuilder<IN> {
    private final Map<String, String> properties = new HashMap<>();
    private KafkaRecordSerializationSchema<IN> recordSerializer;
    private String transactionalIdPrefix;
    private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.AT_LEAST_ONCE;

    KafkaSinkBuilder() {
    }

    /** Default {@link DeliveryGuarantee#AT_LEAST_ONCE}, as in Flink. */
    public KafkaSinkBuilder<IN> setDeliveryGuarantee(DeliveryGuarantee deliveryGuarantee) {
        this.deliveryGuarantee = Objects.requireNonNull(deliveryGuarantee, "deliveryGuarantee");
        return this;
    }

    /** Every property of {@code props}, as with {@link #setProperty}. */
    public KafkaSinkBuilder<IN> setKafkaProducerConfig(Properties props) {
        props.stringPropertyNames().forEach(key -> setProperty(key, props.getProperty(key)));
        props.forEach((key, value) -> { // values that are not strings (numbers) are missed by stringPropertyNames
            if (!(value instanceof String)) {
                setProperty(String.valueOf(key), String.valueOf(value));
            }
        });
        return this;
    }

    /** Any producer property (e.g. {@code transaction.timeout.ms}, security settings); secrets never appear in Weir's messages. */
    public KafkaSinkBuilder<IN> setProperty(String key, String value) {
        Objects.requireNonNull(key, "key");
        properties.put(key, Objects.requireNonNull(value, () -> "the value of property " + key));
        return this;
    }

    /** Turns each record into the Kafka record to write, e.g. {@link KafkaRecordSerializationSchema#builder()}. */
    public KafkaSinkBuilder<IN> setRecordSerializer(KafkaRecordSerializationSchema<IN> recordSerializer) {
        this.recordSerializer = Objects.requireNonNull(recordSerializer, "recordSerializer");
        return this;
    }

    /** Required for EXACTLY_ONCE; unique per job: open transactions under it are aborted when the job starts. */
    public KafkaSinkBuilder<IN> setTransactionalIdPrefix(String transactionalIdPrefix) {
        this.transactionalIdPrefix = Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix");
        return this;
    }

    public KafkaSinkBuilder<IN> setBootstrapServers(String bootstrapServers) {
        return setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    /** Checks the configuration (throws {@link IllegalArgumentException} naming what is wrong) and builds the sink. */
    public KafkaSink<IN> build() {
        String bootstrapServers = properties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("KafkaSink: bootstrap servers are not set (setBootstrapServers)");
        }
        if (recordSerializer == null) {
            throw new IllegalArgumentException("KafkaSink: no record serializer (setRecordSerializer), e.g. "
                    + "KafkaRecordSerializationSchema.builder().setTopic(..).setValueSerializationSchema(..).build()");
        }
        if (properties.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            throw new IllegalArgumentException("KafkaSink: property " + ProducerConfig.TRANSACTIONAL_ID_CONFIG
                    + " is controlled by Weir; remove it and use setTransactionalIdPrefix");
        }
        String idempotence = properties.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        if (idempotence != null && !idempotence.trim().equalsIgnoreCase("true") && deliveryGuarantee != DeliveryGuarantee.NONE) {
            throw new IllegalArgumentException("KafkaSink: property " + ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG + "="
                    + idempotence + " is not supported with " + deliveryGuarantee + ", which needs an idempotent "
                    + "producer; remove it");
        }
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
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
        String topic = recordSerializer instanceof TopicRecordSerializationSchema<?> built ? built.topic() : null;
        return new KafkaSink<>(new KafkaSink.Settings<>(bootstrapServers, Map.copyOf(properties), recordSerializer,
                topic, transactionalIdPrefix, deliveryGuarantee));
    }
}
