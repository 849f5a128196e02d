package dev.weir.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.kafka.broker.KafkaTestClients;
import dev.weir.kafka.broker.LocalKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committing a transaction from another producer than the one that wrote it, against a real broker. */
class ProducerInternalsTest {
    @TempDir
    static Path brokerDir;
    static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        // Abort timed-out transactions quickly, for the data-loss case.
        broker = LocalKafkaBroker.start(brokerDir,
                Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "200"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private Properties props(long transactionTimeoutMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(transactionTimeoutMs));
        return props;
    }

    /** Writes values in a transaction, flushes, and "crashes": the producer goes away without committing. */
    private VersionedKafkaTransaction preCommitAndCrash(String topic, String id, long timeoutMs, List<String> values) {
        SinkProducer writer = new SinkProducer(props(timeoutMs), id);
        writer.producer.initTransactions();
        writer.producer.beginTransaction();
        for (String v : values) {
            writer.send(new ProducerRecord<>(topic, null, v.getBytes(StandardCharsets.UTF_8)));
        }
        writer.flush();
        VersionedKafkaTransaction.IdAndEpoch idAndEpoch = ProducerInternals.idAndEpoch(writer.producer);
        writer.close(); // no commit, no abort: the transaction stays open on the broker
        return new VersionedKafkaTransaction(id, idAndEpoch.producerId(), idAndEpoch.epoch(),
                ProducerInternals.transactionVersion(writer.producer), true);
    }

    private void commitResumed(String topic, VersionedKafkaTransaction transaction, long timeoutMs) {
        try (SinkProducer resumed = new SinkProducer(props(timeoutMs), transaction.transactionalId())) {
            resumed.producer.partitionsFor(topic);
            ProducerInternals.resume(resumed.producer, transaction.producerId(), transaction.epoch(),
                    transaction.transactionVersion());
            resumed.producer.commitTransaction();
        }
    }

    @Test
    void theClientVersionIsOneTheInternalsWereVerifiedOn() throws Exception {
        assertTrue(ProducerInternals.VERIFIED_CLIENT_VERSIONS.contains(ProducerInternals.clientVersion()));
    }

    @Test
    void whenTheWriterDiesAfterPreCommit_thenANewProducerCommitsItsTransaction_andAgainIsHarmless() throws Exception {
        broker.createTopic("resume", 1);
        VersionedKafkaTransaction transaction = preCommitAndCrash("resume", "resume-0-0", 60_000, List.of("a", "b", "c"));
        assertTrue(transaction.producerId() >= 0);
        assertEquals(List.of("resume-0-0"), KafkaTestClients.openTransactions(broker.bootstrapServers(), "resume-"));

        commitResumed("resume", transaction, 60_000);

        assertEquals(List.of("a", "b", "c"), KafkaTestClients.readCommittedValues(broker.bootstrapServers(), "resume"));
        assertEquals(List.of(), KafkaTestClients.openTransactions(broker.bootstrapServers(), "resume-"));

        commitResumed("resume", transaction, 60_000); // a restore from the same checkpoint commits again

        assertEquals(List.of("a", "b", "c"), KafkaTestClients.readCommittedValues(broker.bootstrapServers(), "resume"));
    }

    @Test
    void whenTheIdWasUsedAgainAfterTheCommit_thenTheOldCommitIsRejectedAndDoesNotCommitTheNewTransaction() throws Exception {
        broker.createTopic("reused", 1);
        VersionedKafkaTransaction first = preCommitAndCrash("reused", "reused-0-0", 60_000, List.of("first"));
        commitResumed("reused", first, 60_000);
        preCommitAndCrash("reused", "reused-0-0", 60_000, List.of("second")); // open, never to be committed

        RuntimeException e = assertThrows(RuntimeException.class, () -> commitResumed("reused", first, 60_000));

        assertTrue(KafkaTransactionalSink.isLost(e), e::toString);
        assertEquals(List.of("reused-0-0"), KafkaTestClients.openTransactions(broker.bootstrapServers(), "reused-"));
    }

    @Test
    void whenTheBrokerAbortedTheTransactionAfterItsTimeout_thenTheCommitFailsAsLost() throws Exception {
        broker.createTopic("timedout", 1);
        VersionedKafkaTransaction transaction = preCommitAndCrash("timedout", "timedout-0-0", 1_000, List.of("x"));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!KafkaTestClients.openTransactions(broker.bootstrapServers(), "timedout-").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the broker did not abort the timed-out transaction");
            Thread.sleep(100);
        }

        RuntimeException e = assertThrows(RuntimeException.class, () -> commitResumed("timedout", transaction, 1_000));

        assertTrue(KafkaTransactionalSink.isLost(e), e::toString);
        assertEquals(List.of(), KafkaTestClients.readCommittedValues(broker.bootstrapServers(), "timedout"));
    }
}
