package dev.weir.kafka;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.DeliveryGuarantee;
import dev.weir.api.connector.Sink;
import dev.weir.api.connector.TwoPhaseCommitSink;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.testing.FaultInjector;
import dev.weir.kafka.broker.KafkaTestClients;
import dev.weir.kafka.broker.LocalKafkaBroker;
import dev.weir.state.serialization.Serializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exactly-once sink across a producer-epoch overflow, against a real 4.4 broker (transaction
 * protocol v2: every commit bumps the epoch; the commit at epoch 32766 gives the transactional id a
 * new producer id at epoch 0). Every id the tests use is driven to just below the limit once, in
 * parallel, before the tests (about 35 s), so that the first transaction under it runs at the last
 * epoch.
 */
class KafkaEpochOverflowTest {
    private static final List<String> DRIVEN = List.of("ovf-resume-0", "ovf-after-pre-commit-0-0",
            "ovf-after-metadata-0-0", "ovf-mid-commit-0-0", "ovf-lost-0-0", "ovf-fenced-0-0");

    @TempDir
    static Path brokerDir;
    static LocalKafkaBroker broker;
    static String servers;
    static Admin admin;
    /** The producer id each driven id had before the tests. */
    static Map<String, VersionedKafkaTransaction.IdAndEpoch> driven;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrokerAndDriveEpochs() throws Exception {
        // Abort timed-out transactions within a fraction of a second (default: every 10 s), for the data-loss case.
        broker = LocalKafkaBroker.start(brokerDir,
                Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "200"));
        servers = broker.bootstrapServers();
        admin = KafkaTesting.admin(servers);
        long start = System.nanoTime();
        driven = KafkaTesting.driveEpochs(servers, DRIVEN, (short) (KafkaTesting.LAST_EPOCH - 1));
        org.slf4j.LoggerFactory.getLogger(KafkaEpochOverflowTest.class).info("drove {} transactional ids to epoch {} in {} ms",
                DRIVEN.size(), KafkaTesting.LAST_EPOCH - 1, (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        broker.close();
    }

    private static TransactionDescription describe(String transactionalId) throws Exception {
        return describe(admin, transactionalId);
    }

    static TransactionDescription describe(Admin admin, String transactionalId) throws Exception {
        return admin.describeTransactions(Set.of(transactionalId)).description(transactionalId).get(30, TimeUnit.SECONDS);
    }

    private static Properties producerProps() {
        Properties props = KafkaTesting.producerProps(servers);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
        return props;
    }

    // ---- what the broker does (the facts the sink relies on) ----

    @Test
    void whenATransactionAtTheLastEpochIsCommittedFromANewProducer_thenItIsCommittedOnceTheIdGetsANewProducerIdAndARepeatedCommitIsANoOp()
            throws Exception {
        String id = "ovf-resume-0";
        broker.createTopic("ovf-resume", 1);
        SinkProducer writer = new SinkProducer(producerProps(), id);
        writer.producer.initTransactions();
        writer.producer.beginTransaction();
        writer.send(new ProducerRecord<>("ovf-resume", null, "x".getBytes(StandardCharsets.UTF_8)));
        writer.flush();
        VersionedKafkaTransaction.IdAndEpoch idAndEpoch = ProducerInternals.idAndEpoch(writer.producer);
        VersionedKafkaTransaction transaction = new VersionedKafkaTransaction(id, idAndEpoch.producerId(),
                idAndEpoch.epoch(), ProducerInternals.transactionVersion(writer.producer), true);
        writer.close(); // "crashes" after the pre-commit: the transaction stays open
        assertEquals(KafkaTesting.LAST_EPOCH, transaction.epoch());
        assertEquals(VersionedKafkaTransaction.TRANSACTION_VERSION_2, transaction.transactionVersion());

        VersionedKafkaTransaction.IdAndEpoch afterCommit = commitResumed(transaction);

        assertNotEquals(transaction.producerId(), afterCommit.producerId(), "the id moves to a new producer id");
        assertEquals(0, afterCommit.epoch());
        assertEquals(List.of("x"), KafkaTestClients.readCommittedValues(servers, "ovf-resume"));

        // A restore after a crash between this commit and its record commits again: still "done".
        assertEquals(afterCommit, commitResumed(transaction));
        assertEquals(List.of("x"), KafkaTestClients.readCommittedValues(servers, "ovf-resume"));

        // Once the id is used again under its new producer id, the broker no longer knows the old one.
        KafkaTesting.produceTransaction(servers, id, true, List.of(KafkaTesting.record("ovf-resume", 0, "y")));
        RuntimeException e = assertThrows(RuntimeException.class, () -> commitResumed(transaction));
        assertInstanceOf(InvalidPidMappingException.class, e, e::toString);
        assertTrue(KafkaTransactionalSink.isLost(e));
        assertEquals(List.of("x", "y"), KafkaTestClients.readCommittedValues(servers, "ovf-resume"));
    }

    private static VersionedKafkaTransaction.IdAndEpoch commitResumed(VersionedKafkaTransaction transaction) {
        try (SinkProducer resumed = new SinkProducer(producerProps(), transaction.transactionalId())) {
            resumed.producer.partitionsFor("ovf-resume");
            ProducerInternals.resume(resumed.producer, transaction.producerId(), transaction.epoch(),
                    transaction.transactionVersion());
            resumed.producer.commitTransaction();
            return ProducerInternals.idAndEpoch(resumed.producer);
        }
    }

    @Test
    void whenACheckpointWrittenBeforeTheProtocolVersionWasRecordedIsRead_thenItsTransactionsAreVersion2() throws Exception {
        // The element type of the sink's pending-transactions state, as TwoPhaseCommitSink declares it.
        TypeSerializer<TwoPhaseCommitSink.Pending<?>> serializer = Serializers.builtInOnly()
                .forType(TwoPhaseCommitSink.Pending.class, "pending transactions");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // What the sink stored until now: the four-component record.
        serializer.serialize(new TwoPhaseCommitSink.Pending<>(7, new KafkaTransaction("old-0-1", 42, (short) 9, true)),
                new DataOutputStream(bytes));

        TwoPhaseCommitSink.Pending<?> read = serializer.deserialize(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        KafkaTransactionHandle handle = (KafkaTransactionHandle) read.transaction();
        assertEquals(new VersionedKafkaTransaction("old-0-1", 42, (short) 9,
                VersionedKafkaTransaction.TRANSACTION_VERSION_2, true), handle.versioned());
    }

    // ---- the job across the overflow ----

    private StreamExecutionEnvironment env(String name) {
        return env(name, dir.resolve("checkpoints"));
    }

    static StreamExecutionEnvironment env(String name, Path checkpoints) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setJobName(name);
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(checkpoints.toString());
        return env;
    }

    /** @param transactionTimeoutMs null for the default (15 minutes) */
    private static Sink<Long> sink(String servers, String topic, String transactionTimeoutMs) {
        KafkaSinkBuilder<Long> builder = KafkaSink.<Long>builder()
                .setBootstrapServers(servers)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic(topic)
                        .setValueSerializationSchema(KafkaTesting.DECIMAL).build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(topic);
        if (transactionTimeoutMs != null) {
            builder.setProperty("transaction.timeout.ms", transactionTimeoutMs);
        }
        return builder.build();
    }

    static void define(StreamExecutionEnvironment env, String servers, String topic, long n, double rate, String timeoutMs) {
        env.fromSource(new DataGeneratorSource<>(seq -> seq, n, RateLimiterStrategy.perSecond(rate)), WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
                .sinkTo(sink(servers, topic, timeoutMs)).uid("kafka");
    }

    /** Whether the id's transaction is open on the broker at the last epoch: the one that overflows when it ends. */
    private static boolean openAtTheLastEpoch(Admin admin, String transactionalId) throws Exception {
        TransactionDescription d = describe(admin, transactionalId);
        return d.state() == TransactionState.ONGOING && d.producerEpoch() == KafkaTesting.LAST_EPOCH;
    }

    /** What a crash is: throwing in this JVM (the job restarts), or stopping the child JVM to be killed. */
    @FunctionalInterface
    interface Crash {
        void crash(FaultInjector.Point at, long checkpointId) throws Exception;
    }

    private static FaultInjector crashAtTheLastEpoch(FaultInjector.Point point, String transactionalId,
                                                     long producerIdBefore, AtomicLong crashedAt) {
        return crashAtTheLastEpoch(admin, point, transactionalId, producerIdBefore, crashedAt, (at, checkpointId) -> {
            throw new FaultInjector.InjectedFault("crash at " + at + " of checkpoint " + checkpointId + " with "
                    + transactionalId + " at the last epoch");
        });
    }

    /**
     * Crashes once, in the first run, at {@code point} where it concerns the transaction under
     * {@code transactionalId} at the last epoch: right after its pre-commit (it is open at the last
     * epoch then, and the next transaction has not begun), once the checkpoint that lists it is
     * durable, or right after its commit moved the id to a new producer id. {@code crashedAt} gets
     * the checkpoint id (-1 for the commit).
     */
    static FaultInjector crashAtTheLastEpoch(Admin admin, FaultInjector.Point point, String transactionalId,
                                             long producerIdBefore, AtomicLong crashedAt, Crash crash) {
        AtomicLong preCommittedAtLastEpoch = new AtomicLong(-1);
        return (at, task, checkpointId, attempt) -> {
            if (attempt != 0 || crashedAt.get() != Long.MIN_VALUE) {
                return;
            }
            if (at == FaultInjector.Point.AFTER_PRE_COMMIT && preCommittedAtLastEpoch.get() < 0
                    && openAtTheLastEpoch(admin, transactionalId)) {
                preCommittedAtLastEpoch.set(checkpointId);
            }
            boolean now = at == point && switch (point) {
                case AFTER_PRE_COMMIT, AFTER_METADATA -> preCommittedAtLastEpoch.get() == checkpointId;
                case MID_COMMIT -> describe(admin, transactionalId).producerId() != producerIdBefore;
                default -> false;
            };
            if (now) {
                crashedAt.set(checkpointId);
                crash.crash(at, checkpointId);
            }
        };
    }

    /**
     * The job runs in a child JVM, which is killed with SIGKILL (no shutdown hooks, producers not
     * closed, transactions left open) right after the pre-commit of the transaction at the last
     * epoch, right after the checkpoint that holds it is durable, or right after its commit (which
     * moved the id to a new producer id) but before the commit was recorded; then the job restores
     * from its latest checkpoint.
     */
    @ParameterizedTest
    @EnumSource(value = FaultInjector.Point.class, names = {"AFTER_PRE_COMMIT", "AFTER_METADATA", "MID_COMMIT"})
    void whenTheProcessIsKilledAroundTheCommitAtTheLastEpoch_thenTheRestoredJobsOutputIsExact(FaultInjector.Point point)
            throws Exception {
        String topic = "ovf-" + point.name().toLowerCase().replace('_', '-');
        String id = topic + "-0-0";
        long producerIdBefore = driven.get(id).producerId();
        broker.createTopic(topic, 2);
        Path checkpoints = dir.resolve("checkpoints");
        Path marker = dir.resolve("crashed-at");
        Path log = dir.resolve("child.log");

        Process child = OverflowJobProcess.start(servers, topic, checkpoints, point, producerIdBefore, marker, log);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(marker)) {
                assertTrue(child.isAlive(), () -> "the child JVM ended before the crash point: " + OverflowJobProcess.read(log));
                assertTrue(System.nanoTime() < deadline, () -> "no crash point within 60 s: " + OverflowJobProcess.read(log));
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
        }
        long crashedAt = Long.parseLong(Files.readString(marker));
        assertTrue(point == FaultInjector.Point.MID_COMMIT ? crashedAt == -1 : crashedAt > 0, "crashed at " + crashedAt);
        StreamExecutionEnvironment resumed = env(topic).restoreFrom("latest");
        define(resumed, servers, topic, 5_000, Double.POSITIVE_INFINITY, null);
        JobExecutionResult result = resumed.executeAsync().awaitResult();

        assertEquals(JobStatus.FINISHED, result.status(), () -> result.failureCause() == null ? "no failure"
                : KafkaTesting.fullText(result.failureCause()));
        assertEquals(KafkaTesting.range(0, 5_000),
                KafkaTesting.sortedNumbers(KafkaTestClients.readCommittedValues(servers, topic)));
        assertEquals(List.of(), KafkaTestClients.openTransactions(servers, topic + "-"));
        assertNotEquals(producerIdBefore, describe(id).producerId(), "the id moved on to a new producer id");
    }

    /**
     * The checkpoint holds a transaction at the last epoch; before the restore, the broker aborts it
     * (its timeout passed), and that abort moves the id to a new producer id. The broker answers the
     * restored commit with INVALID_TXN_STATE (it recognises the old producer id and epoch as those of
     * the transaction it aborted): the job fails naming the transaction, its checkpoint and the loss.
     */
    @Test
    void whenThePendingTransactionAtTheLastEpochWasAbortedByTheBroker_thenTheRestoreFailsNamingTheTransactionAndTheLoss()
            throws Exception {
        String id = "ovf-lost-0-0";
        long producerId = driven.get(id).producerId();
        long checkpoint = crashWithThePendingTransactionAtTheLastEpoch("ovf-lost", "3000");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (describe(id).producerId() == producerId) { // the broker's abort at the last epoch moves the id on
            assertTrue(System.nanoTime() < deadline, "the broker did not abort the timed-out transaction");
            Thread.sleep(100);
        }

        JobExecutionResult result = restore("ovf-lost", "3000");

        assertEquals(JobStatus.FAILED, result.status());
        String message = KafkaTesting.fullText(result.failureCause());
        assertTrue(message.contains("data loss: transaction " + id + "(producerId=" + producerId + ", epoch="
                + KafkaTesting.LAST_EPOCH + ", transaction protocol v2) of checkpoint " + checkpoint
                + " cannot be committed"), message);
        assertTrue(message.contains("InvalidTxnStateException"), message);
        assertTrue(message.contains("state CompleteAbort"), message);
        assertTrue(message.contains("transaction.timeout.ms=3000 ms, and its records are lost"), message);
        assertEarlierCheckpointsCommittedOnce("ovf-lost");
    }

    /**
     * The checkpoint holds a transaction at the last epoch; before the restore, another producer
     * initialises the same transactional id (another job under the same prefix): the broker aborts
     * the transaction, which moves the id to a new producer id, and bumps that one's epoch. The
     * broker then no longer knows the old producer id at all (INVALID_PRODUCER_ID_MAPPING), the same
     * answer as for a transaction that was committed and whose id was used again: the job fails,
     * naming the transaction, its checkpoint, both possibilities and what to check.
     */
    @Test
    void whenThePendingTransactionAtTheLastEpochWasFencedByAnotherProducer_thenTheRestoreFailsNamingTheTransactionAndTheLoss()
            throws Exception {
        String id = "ovf-fenced-0-0";
        long producerId = driven.get(id).producerId();
        long checkpoint = crashWithThePendingTransactionAtTheLastEpoch("ovf-fenced", "3000");
        KafkaTesting.fence(servers, id);

        JobExecutionResult result = restore("ovf-fenced", "3000");

        assertEquals(JobStatus.FAILED, result.status());
        String message = KafkaTesting.fullText(result.failureCause());
        assertTrue(message.contains("data loss: transaction " + id + "(producerId=" + producerId + ", epoch="
                + KafkaTesting.LAST_EPOCH + ", transaction protocol v2) of checkpoint " + checkpoint
                + " cannot be committed"), message);
        assertTrue(message.contains("no longer map transactional id " + id + " to producer id " + producerId), message);
        assertTrue(message.contains("its records in topic ovf-fenced are lost"), message);
        assertTrue(message.contains("check the topic with a read_committed consumer"), message);
        assertEarlierCheckpointsCommittedOnce("ovf-fenced");
    }

    /** What the checkpoints before the lost one committed is there, each record once: a prefix of the input. */
    private static void assertEarlierCheckpointsCommittedOnce(String topic) {
        List<Long> committed = KafkaTesting.sortedNumbers(KafkaTestClients.readCommittedValues(servers, topic));
        assertEquals(KafkaTesting.range(0, committed.size()), committed);
        assertTrue(committed.size() < 10_000, "the lost transaction's records are not there");
    }

    /** Runs the job until the checkpoint listing {@code <topic>-0-0}'s transaction at the last epoch is durable, then crashes it; returns that checkpoint. */
    private long crashWithThePendingTransactionAtTheLastEpoch(String topic, String transactionTimeoutMs) throws Exception {
        broker.createTopic(topic, 1);
        AtomicLong crashedAt = new AtomicLong(Long.MIN_VALUE);
        String id = topic + "-0-0";
        StreamExecutionEnvironment first = env(topic).setFaultInjector(
                crashAtTheLastEpoch(FaultInjector.Point.AFTER_METADATA, id, driven.get(id).producerId(), crashedAt));
        first.getCheckpointConfig().setCheckpointTimeout(2_000);
        define(first, servers, topic, 10_000, 2_000, transactionTimeoutMs);
        assertEquals(JobStatus.FAILED, first.executeAsync().awaitResult().status());
        assertTrue(crashedAt.get() > 0, "no crash injected");
        return crashedAt.get();
    }

    private JobExecutionResult restore(String topic, String transactionTimeoutMs) throws Exception {
        StreamExecutionEnvironment resumed = env(topic).restoreFrom("latest");
        resumed.getCheckpointConfig().setCheckpointTimeout(2_000);
        define(resumed, servers, topic, 10_000, Double.POSITIVE_INFINITY, transactionTimeoutMs);
        return resumed.executeAsync().awaitResult();
    }
}
