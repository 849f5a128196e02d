package dev.weir.bench.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads an exactly-once output topic as its users would, with a {@code read_committed} consumer, and
 * stamps each event with the time the consumer received it (when {@code poll} returned the batch that
 * held it). Values must start with {@code seq,createdNanos}; they go to a {@link VisibilityLog}.
 *
 * <p>The consumer waits in the broker for data at most 20 ms ({@code fetch.max.wait.ms}); a fetch
 * returns as soon as a transaction marker makes records readable, so that bound only matters if the
 * broker did not wake the fetch. Call order: {@link #start()} before the job, {@link #finish(Duration)}
 * after it; only the reader's own thread touches the log until then.
 */
public final class CommittedTopicReader {
    private final String bootstrapServers;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final VisibilityLog log;
    private final Thread reader = new Thread(this::read, "committed-topic-reader");
    private volatile boolean stopping;
    private volatile Throwable failure;

    public CommittedTopicReader(String bootstrapServers, String topic, int partitionCount, VisibilityLog log) {
        this.bootstrapServers = bootstrapServers;
        for (int p = 0; p < partitionCount; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        this.log = log;
        reader.setDaemon(true);
    }

    public void start() {
        reader.start();
    }

    /**
     * After the job: waits until every event has been seen or {@code timeout} has passed, then reads on
     * to the topic's committed end (to see duplicates too) and stops.
     */
    public void finish(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log.complete() && System.nanoTime() < deadline && reader.isAlive()) {
            Thread.sleep(10);
        }
        stopping = true;
        reader.join();
        if (failure != null) {
            throw new IllegalStateException("reading " + partitions + " read_committed failed: " + failure, failure);
        }
    }

    private void read() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stopping) {
                poll(consumer);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                poll(consumer);
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    private void poll(KafkaConsumer<byte[], byte[]> consumer) {
        var records = consumer.poll(Duration.ofMillis(20));
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            log.seenLines(record.value(), record.topic() + "-" + record.partition() + "@" + record.offset(), now);
        }
    }
}
