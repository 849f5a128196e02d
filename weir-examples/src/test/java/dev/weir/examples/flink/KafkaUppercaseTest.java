package dev.weir.examples.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.examples.CountsKafka;
import dev.weir.kafka.broker.KafkaTestClients;
import dev.weir.kafka.broker.LocalKafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Weir port of the Flink job {@link KafkaUppercase} (Flink's KafkaSource and exactly-once
 * KafkaSink builders, imports changed only) against a real broker: a {@code read_committed}
 * consumer of the output topic sees every input record upper-cased exactly once, and no
 * transaction of the job is left open.
 */
class KafkaUppercaseTest {
    private static final int RECORDS = 5_000;

    @TempDir
    static Path brokerDir;
    static LocalKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = LocalKafkaBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyRecordOfTheInputTopic_isInTheOutputTopicUpperCasedExactlyOnce() throws Exception {
        String servers = broker.bootstrapServers();
        CountsKafka.createTopics(servers, 2, "words", "upper-words");
        List<String> input = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            input.add("Record " + i + " of the Weir test, partition " + (i % 2));
        }
        produce(servers, "words", input);

        KafkaUppercase.main(new String[] {servers, "words", "upper-words", "uppercase-test", "uppercase-test",
                dir.resolve("checkpoints").toUri().toString()});

        assertEquals(input.stream().map(line -> line.toUpperCase(Locale.ROOT)).sorted().toList(),
                KafkaTestClients.readCommittedValues(servers, "upper-words").stream().sorted().toList());
        assertEquals(List.of(), KafkaTestClients.openTransactions(servers, "uppercase-test"));
    }

    private static void produce(String servers, String topic, List<String> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, null, values.get(i)));
            }
            producer.flush();
        }
    }
}
