package dev.weir.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.testing.FaultInjector;
import dev.weir.kafka.broker.KafkaTestClients;
import dev.weir.kafka.broker.LocalKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once sink on a cluster whose finalized {@code transaction.version} is 1 (the protocol
 * before KIP-890's part 2: the epoch does not change at commits): the sink records version 1 at
 * pre-commit, and a restore resumes the transaction in that protocol.
 */
class KafkaTransactionVersion1Test {
    @TempDir
    static Path brokerDir;
    static LocalKafkaBroker broker;
    static String servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrokerWithTransactionVersion1() throws Exception {
        broker = LocalKafkaBroker.start(brokerDir);
        servers = broker.bootstrapServers();
        try (Admin admin = KafkaTesting.admin(servers)) {
            admin.updateFeatures(Map.of("transaction.version",
                    new FeatureUpdate((short) 1, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)), new UpdateFeaturesOptions())
                    .all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS).finalizedFeatures()
                    .get("transaction.version").maxVersionLevel() != 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("transaction.version did not become 1");
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void whenTheClusterRunsTransactionVersion1_thenThePreCommitRecordsIt_andAResumedCommitInThatVersionCommits()
            throws Exception {
        broker.createTopic("tv1", 1);
        Properties props = KafkaTesting.producerProps(servers);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
        SinkProducer writer = new SinkProducer(props, "tv1-0-0");
        writer.producer.initTransactions();
        writer.producer.beginTransaction();
        writer.send(new ProducerRecord<>("tv1", null, "x".getBytes(StandardCharsets.UTF_8)));
        writer.flush();
        VersionedKafkaTransaction.IdAndEpoch idAndEpoch = ProducerInternals.idAndEpoch(writer.producer);
        VersionedKafkaTransaction transaction = new VersionedKafkaTransaction("tv1-0-0", idAndEpoch.producerId(),
                idAndEpoch.epoch(), ProducerInternals.transactionVersion(writer.producer), true);
        writer.close(); // "crashes" after the pre-commit

        assertEquals(VersionedKafkaTransaction.TRANSACTION_VERSION_1, transaction.transactionVersion());
        try (SinkProducer resumed = new SinkProducer(props, "tv1-0-0")) {
            resumed.producer.partitionsFor("tv1");
            ProducerInternals.resume(resumed.producer, transaction.producerId(), transaction.epoch(),
                    transaction.transactionVersion());
            resumed.producer.commitTransaction();
            assertEquals(idAndEpoch, ProducerInternals.idAndEpoch(resumed.producer), "version 1: no epoch bump at commit");
        }
        assertEquals(List.of("x"), KafkaTestClients.readCommittedValues(servers, "tv1"));
    }

    @Test
    void whenAJobOnTransactionVersion1IsKilledOnceItsCheckpointIsDurable_thenTheRestoredJobsOutputIsExact()
            throws Exception {
        broker.createTopic("tv1-job", 2);
        AtomicLong crashedAt = new AtomicLong(Long.MIN_VALUE);
        StreamExecutionEnvironment first = KafkaEpochOverflowTest.env("tv1-job", dir.resolve("checkpoints"))
                .setFaultInjector((point, task, checkpointId, attempt) -> {
                    if (point == FaultInjector.Point.AFTER_METADATA && checkpointId >= 3
                            && crashedAt.compareAndSet(Long.MIN_VALUE, checkpointId)) {
                        throw new FaultInjector.InjectedFault("the process dies after the metadata of " + checkpointId);
                    }
                });
        KafkaEpochOverflowTest.define(first, servers, "tv1-job", 5_000, 5_000, null);
        assertEquals(JobStatus.FAILED, first.executeAsync().awaitResult().status());

        StreamExecutionEnvironment resumed = KafkaEpochOverflowTest.env("tv1-job", dir.resolve("checkpoints"))
                .restoreFrom("latest");
        KafkaEpochOverflowTest.define(resumed, servers, "tv1-job", 5_000, Double.POSITIVE_INFINITY, null);
        JobExecutionResult result = resumed.executeAsync().awaitResult();

        assertEquals(JobStatus.FINISHED, result.status(), () -> result.failureCause() == null ? "no failure"
                : KafkaTesting.fullText(result.failureCause()));
        assertEquals(KafkaTesting.range(0, 5_000),
                KafkaTesting.sortedNumbers(KafkaTestClients.readCommittedValues(servers, "tv1-job")));
        assertEquals(List.of(), KafkaTestClients.openTransactions(servers, "tv1-job-"));
    }
}
