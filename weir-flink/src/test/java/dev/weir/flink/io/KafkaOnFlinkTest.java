package dev.weir.flink.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.examples.CountsCheck;
import dev.weir.examples.CountsKafka;
import dev.weir.kafka.broker.KafkaTestClients;
import dev.weir.kafka.broker.LocalKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weir's Kafka connectors on Flink's MiniCluster against a real broker, with a task failure mid-run: the
 * transactional KafkaSink commits on Flink's checkpoint completion, and the KafkaSource's offsets come back from
 * Flink's checkpoint, so a read_committed consumer sees every count exactly once.
 */
class KafkaOnFlinkTest {

    private static final long RECORDS = 8_000;
    private static final long KEYS = 5;

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
    void aTaskFailureMidRunLeavesTheCommittedTopicExact() throws Exception {
        String servers = broker.bootstrapServers();
        CountsKafka.createTopics(servers, 2, "gen-out");
        Path flag = dir.resolve("failed");

        CountsOnFlinkProgram.main(new String[]{"generator", "kafka=" + servers + "=gen-out", Long.toString(RECORDS),
                Long.toString(KEYS), "1500", "1500", flag.toString()});

        assertTrue(Files.exists(flag), "the job failed once mid-run");
        assertTrue(Files.exists(Path.of(flag + ".restored")), "the job restored from a checkpoint");
        assertEquals(List.of(), CountsCheck.problems(KafkaTestClients.readCommittedValues(servers, "gen-out"), RECORDS,
                KEYS));
    }

    @Test
    void theKafkaSourceRestoresItsOffsetsFromFlinksCheckpointAndReadsEachRecordOnce() throws Exception {
        String servers = broker.bootstrapServers();
        CountsKafka.createTopics(servers, 3, "in", "in-out");
        CountsKafka.preload(servers, "in", RECORDS);
        Path flag = dir.resolve("failed");

        CountsOnFlinkProgram.main(new String[]{"kafka=" + servers + "=in", "kafka=" + servers + "=in-out",
                Long.toString(RECORDS), Long.toString(KEYS), "2000", "2500", flag.toString()});

        assertTrue(Files.exists(flag), "the job failed once mid-run");
        assertTrue(Files.exists(Path.of(flag + ".restored")), "the job restored from a checkpoint");
        assertEquals(List.of(), CountsCheck.problems(KafkaTestClients.readCommittedValues(servers, "in-out"), RECORDS,
                KEYS));
    }
}
