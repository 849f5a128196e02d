package dev.weir.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A producer of a sink subtask that remembers the first failed send: Kafka reports send failures
 * only to callbacks, and {@code flush()} does not throw them, so without this a failed record could
 * be counted as written.
 */
final class SinkProducer implements AutoCloseable {
    /**
     * {@code batch.size} unless set (Kafka's default is 16 KB): larger batches mean fewer produce
     * requests, fewer per-request acknowledgements and less broker work per record.
     */
    static final int DEFAULT_BATCH_SIZE = 256 * 1024;
    /**
     * {@code linger.ms} of a transactional producer unless set (Kafka's default is 5): lets a batch
     * fill before it is sent. It delays nothing a reader sees: records become visible at the
     * checkpoint's commit, and the checkpoint's flush sends whatever still lingers at once. Producers
     * whose records are visible as soon as written (at-least-once, dead letters) keep Kafka's default.
     */
    static final int DEFAULT_LINGER_MS = 20;
    final String transactionalId;
    final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback callback = (metadata, e) -> {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    };
    /** Records sent in the current transaction (task thread only). */
    long recordsInTransaction;

    SinkProducer(Properties base, String transactionalId) {
        Properties props = new Properties();
        props.putAll(KafkaClients.only(base, ProducerConfig.configNames()));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(DEFAULT_BATCH_SIZE));
        if (transactionalId != null) {
            props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(DEFAULT_LINGER_MS));
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        }
        this.transactionalId = transactionalId;
        this.producer = new KafkaProducer<>(props);
    }

    void send(ProducerRecord<byte[], byte[]> record) {
        throwIfFailed();
        producer.send(record, callback);
        recordsInTransaction++;
    }

    /** Waits until everything sent is acknowledged; throws the first failed send. Any thread. */
    void flush() {
        producer.flush();
        throwIfFailed();
    }

    void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("a record could not be written to Kafka"
                    + (transactionalId == null ? "" : " (transactional id " + transactionalId + ")") + ": " + e, e);
        }
    }

    /**
     * Closes at once. Never gracefully: a graceful close aborts the producer's open transaction, and
     * that may be a pre-committed one that the checkpoint will commit after a restart.
     */
    @Override
    public void close() {
        producer.close(Duration.ZERO);
    }
}
