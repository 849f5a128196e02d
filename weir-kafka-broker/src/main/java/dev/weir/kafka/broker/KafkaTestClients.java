package dev.weir.kafka.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What tests check on a broker: everything a {@code read_committed} consumer sees in a topic, and
 * which transactions are still open. For tests and benchmarks only.
 */
public final class KafkaTestClients {
    private KafkaTestClients() {
    }

    /**
     * All committed record values (UTF-8) of all partitions, read with
     * {@code isolation.level=read_committed} up to the last stable offset at the time of the call.
     * A transaction left open holds the last stable offset back, so its successors are not seen.
     */
    public static List<String> readCommittedValues(String bootstrapServers, String topic) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readCommitted(bootstrapServers, topic)) {
            values.add(record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** Like {@link #readCommittedValues} with the whole records (key, headers, offsets). */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrapServers, String topic) {
        awaitNoOpenTransactions(bootstrapServers, topic);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " did not reach the end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Waits until no transaction is open in the topic: its last stable offset equals its end offset
     * in every partition. After a commit, and more so after a broker restart, the commit markers
     * reach the partitions a moment after the producer was told "committed".
     */
    public static void awaitNoOpenTransactions(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                        .get(30, TimeUnit.SECONDS);
                var end = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                        .get(30, TimeUnit.SECONDS);
                boolean settled = latest.keySet().stream().allMatch(tp -> stable.get(tp).offset() == end.get(tp).offset());
                if (settled) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a transaction in topic " + topic + " stayed open for 120 s: last "
                            + "stable offsets " + stable + ", end offsets " + end);
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("cannot read the offsets of topic " + topic + ": " + e, e);
        }
    }

    /** Transactional ids starting with {@code prefix} whose transaction is open (ongoing) right now. */
    public static List<String> openTransactions(String bootstrapServers, String prefix) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            List<String> open = new ArrayList<>();
            for (TransactionListing listing : admin.listTransactions(new ListTransactionsOptions()
                    .filterStates(Set.of(TransactionState.ONGOING))).all().get(30, TimeUnit.SECONDS)) {
                if (listing.transactionalId().startsWith(prefix)) {
                    open.add(listing.transactionalId());
                }
            }
            return open;
        }
    }
}
