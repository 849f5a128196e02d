package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.kafka.broker.KafkaTestClients;
import dev.weir.kafka.broker.LocalKafkaBroker;
import dev.weir.api.testing.FaultInjector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End-to-end exactly-once from Kafka to Kafka: the counts job reads its input from a topic and
 * writes {@code key,count,seq} with the transactional Kafka sink, against a real broker in this
 * JVM. After failures at each point of the two-phase-commit protocol, and after the job's process
 * was SIGKILLed again and again, a {@code read_committed} consumer must see every seq exactly once,
 * the counts 1..n of every key exactly once, and no transaction of the job may be left open.
 */
class KafkaCountsTest {
    private static final long KEYS = 50;
    private static final int PARTITIONS = 2;

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

    @ParameterizedTest(name = "fault at {0}")
    @EnumSource(value = FaultInjector.Point.class, names = {"BEFORE_PRE_COMMIT", "AFTER_PRE_COMMIT", "AFTER_METADATA",
            "MID_COMMIT", "RESTORE", "SYNC_SNAPSHOT", "ASYNC_SNAPSHOT"})
    void aFailureAtEachProtocolPoint_leavesEveryRecordCommittedExactlyOnceInTheOutputTopic(FaultInjector.Point point)
            throws Exception {
        long records = 500_000;
        String servers = broker.bootstrapServers();
        String in = "faults-in-" + point.name().toLowerCase(Locale.ROOT);
        String out = "faults-out-" + point.name().toLowerCase(Locale.ROOT);
        CountsKafka.createTopics(servers, PARTITIONS, in, out);
        CountsKafka.preload(servers, in, records);

        ThreeFaults.runCounts("kafka-counts-faults", dir.resolve("checkpoints"), 50, point,
                CountsKafka.source(servers, in, KEYS), "kafka-source", CountsKafka.sink(servers, out), "kafka-sink");

        assertEquals(List.of(), CommittedOutput.checkTopic(servers, out, records, KEYS));
        assertEquals(List.of(), KafkaTestClients.openTransactions(servers, "weir-counts-"));
    }

    /**
     * {@code Counts} in a child JVM reading and writing Kafka, SIGKILLed again and again and restarted
     * with {@code --restore latest} each time ({@link RepeatedKills}); the broker lives in this JVM and
     * outlives every run.
     */
    @Test
    void killedAtRandomMoments_theOutputTopicHasEveryRecordExactlyOnce() throws Exception {
        long records = 1_000_000;
        String servers = broker.bootstrapServers();
        String in = "crash-in";
        String out = "crash-out";
        CountsKafka.createTopics(servers, PARTITIONS, in, out);
        CountsKafka.preload(servers, in, records);
        Path checkpoints = dir.resolve("checkpoints");
        RepeatedKills.Outcome crashes = RepeatedKills.run(dir, checkpoints, "counts", 20261127, 10, 7,
                log -> start(servers, in, out, records, checkpoints, log),
                () -> KafkaTestClients.openTransactions(servers, "weir-counts-" + out + "-").size());
        List<String> runs = crashes.runs();
        Path finalLog = dir.resolve("final.log");
        Process last = start(servers, in, out, records, checkpoints, finalLog);
        assertTrue(last.waitFor(180, TimeUnit.SECONDS), "the final run did not finish");
        assertEquals(0, last.exitValue(), () -> "final run failed: " + CountsProcess.read(finalLog));
        System.err.println("kafka counts crash test: " + runs + "; final run: " + CountsProcess.read(finalLog).lines()
                .filter(l -> l.startsWith("counts: finished")).findFirst().orElse("?"));

        assertEquals(List.of(), CommittedOutput.checkTopic(servers, out, records, KEYS));
        assertEquals(List.of(), KafkaTestClients.openTransactions(servers, "weir-counts-"));
        assertTrue(crashes.kills() >= 5, "only " + crashes.kills() + " kills happened (" + runs + "); the job ran too "
                + "fast to test crashes");
        assertTrue(crashes.leftovers() > 0, "no transaction was open after any kill, so recovery never had to abort "
                + "one: " + runs);
    }

    private static Process start(String servers, String in, String out, long records, Path checkpoints, Path log)
            throws Exception {
        List<String> arguments = new ArrayList<>(List.of(
                "--source", "kafka", "--input-topic", in, "--sink", "kafka", "--output-topic", out,
                "--bootstrap-servers", servers,
                "--records", Long.toString(records), "--keys", Long.toString(KEYS), "--parallelism", "2",
                "--checkpoint-interval", "100ms", "--checkpoint-dir", checkpoints.toString(),
                "--output", checkpoints.resolveSibling("unused-output").toString()));
        arguments.addAll(CountsProcess.resumeOptions(checkpoints, "counts"));
        return CountsProcess.start(log, arguments);
    }
}
