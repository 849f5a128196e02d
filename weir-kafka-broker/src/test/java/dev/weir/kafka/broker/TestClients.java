package dev.weir.kafka.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Transactional writes and read_committed reads against a test broker. */
final class TestClients {

    private TestClients() {
    }

    /** Sends the values to partition 0 of the topic in one committed transaction. */
    static void writeCommitted(String bootstrapServers, String topic, List<String> values) {
        write(bootstrapServers, topic, values, true);
    }

    /** Sends the values to partition 0 of the topic in one aborted transaction. */
    static void writeAborted(String bootstrapServers, String topic, List<String> values) {
        write(bootstrapServers, topic, values, false);
    }

    private static void write(String bootstrapServers, String topic, List<String> values, boolean commit) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + topic,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, 0, null, value));
            }
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    /** All committed values, once no transaction is open in the topic. */
    static List<String> readCommitted(String bootstrapServers, String topic) {
        return KafkaTestClients.readCommittedValues(bootstrapServers, topic);
    }
}
