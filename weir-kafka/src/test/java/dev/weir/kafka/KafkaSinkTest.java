package dev.weir.kafka;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.CheckpointStats;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.DeliveryGuarantee;
import dev.weir.api.connector.Sink;
import dev.weir.api.testing.FaultInjector;
import dev.weir.kafka.broker.KafkaTestClients;
import dev.weir.kafka.broker.LocalKafkaBroker;
import dev.weir.runtime.JobExecution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Kafka sink against a real broker: what each delivery guarantee writes, with failures injected
 * at the points of the two-phase-commit protocol, after a killed run restored at another
 * parallelism, and over many checkpoints.
 */
class KafkaSinkTest {
    @TempDir
    static Path brokerDir;
    static LocalKafkaBroker broker;
    static String servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        // Abort timed-out transactions within a fraction of a second (default: every 10 s), for the data-loss case.
        broker = LocalKafkaBroker.start(brokerDir,
                Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "200"));
        servers = broker.bootstrapServers();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private StreamExecutionEnvironment env(String name, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism).setJobName(name);
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        return env;
    }

    /** @param prefix the transactional id prefix, null for none */
    private static Sink<Long> sink(String topic, DeliveryGuarantee guarantee, String prefix) {
        KafkaSinkBuilder<Long> builder = KafkaSink.<Long>builder()
                .setBootstrapServers(servers)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic(topic)
                        .setValueSerializationSchema(KafkaTesting.DECIMAL).build())
                .setDeliveryGuarantee(guarantee);
        if (prefix != null) {
            builder.setTransactionalIdPrefix(prefix);
        }
        return builder.build();
    }

    /** The numbers 0..n-1 at {@code rate} records/s in total (so that checkpoints fall in between). */
    private static DataGeneratorSource<Long> numbers(long n, double rate) {
        return new DataGeneratorSource<>(seq -> seq, n, RateLimiterStrategy.perSecond(rate));
    }

    private static void define(StreamExecutionEnvironment env, DataGeneratorSource<Long> source, Sink<Long> sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers").uid("numbers").sinkTo(sink).uid("kafka");
    }

    private static List<Long> committed(String topic) {
        return KafkaTesting.sortedNumbers(KafkaTestClients.readCommittedValues(servers, topic));
    }

    private static void assertFinished(JobExecutionResult result) {
        assertEquals(JobStatus.FINISHED, result.status(), () -> result.failureCause() == null ? "no failure"
                : KafkaTesting.fullText(result.failureCause()));
    }

    // ---- AT_LEAST_ONCE and NONE ----

    @Test
    void whenAtLeastOnceRunsWithoutFailures_thenEveryRecordIsWrittenExactlyOnce() throws Exception {
        KafkaTesting.createTopic(broker, "alo-clean", 2);
        StreamExecutionEnvironment env = env("alo-clean", 2);
        define(env, numbers(20_000, Double.POSITIVE_INFINITY), sink("alo-clean", DeliveryGuarantee.AT_LEAST_ONCE, null));

        assertFinished(env.executeAsync().awaitResult());

        assertEquals(KafkaTesting.range(0, 20_000), committed("alo-clean"));
    }

    @Test
    void whenAtLeastOnceFailsAfterACheckpoint_thenEveryRecordIsWrittenAtLeastOnce() throws Exception {
        KafkaTesting.createTopic(broker, "alo-failure", 2);
        AtomicInteger injected = new AtomicInteger();
        StreamExecutionEnvironment env = env("alo-failure", 2)
                .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(10)))
                .setFaultInjector(KafkaTesting.failOnceAt(FaultInjector.Point.SYNC_SNAPSHOT, 0, 3, injected));
        define(env, numbers(10_000, 10_000), sink("alo-failure", DeliveryGuarantee.AT_LEAST_ONCE, null));

        JobExecutionResult result = env.executeAsync().awaitResult();

        assertFinished(result);
        assertEquals(1, injected.get());
        assertEquals(1, result.restarts());
        List<Long> written = committed("alo-failure");
        assertEquals(new HashSet<>(KafkaTesting.range(0, 10_000)), new HashSet<>(written));
        assertTrue(written.size() >= 10_000, "written " + written.size());
    }

    @Test
    void whenNoGuaranteeRunsWithoutFailures_thenEveryRecordIsWrittenOnceTheJobEnds() throws Exception {
        KafkaTesting.createTopic(broker, "none-clean", 1);
        StreamExecutionEnvironment env = env("none-clean", 2);
        define(env, numbers(5_000, Double.POSITIVE_INFINITY), sink("none-clean", DeliveryGuarantee.NONE, null));

        assertFinished(env.executeAsync().awaitResult());

        assertEquals(KafkaTesting.range(0, 5_000), committed("none-clean"));
    }

    /** Sends each number to partition number % partitions, and remembers the partitions it was given. */
    private static final class ModuloPartitioner implements KafkaPartitioner<Long> {
        static final Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private int subtask = -1;

        @Override
        public void open(int parallelInstanceId, int parallelInstances) {
            subtask = parallelInstanceId;
        }

        @Override
        public int partition(Long record, byte[] key, byte[] value, String targetTopic, int[] partitions) {
            SEEN.add(subtask + ":" + targetTopic + java.util.Arrays.toString(partitions));
            return partitions[(int) (record % partitions.length)];
        }
    }

    @Test
    void whenAKeySchemaAndAPartitionerAreSet_thenEachRecordHasItsKeyAndGoesToItsPartition() throws Exception {
        KafkaTesting.createTopic(broker, "keyed-out", 3);
        StreamExecutionEnvironment env = env("keyed-out", 2);
        define(env, numbers(300, Double.POSITIVE_INFINITY), KafkaSink.<Long>builder().setBootstrapServers(servers)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic("keyed-out")
                        .setValueSerializationSchema(KafkaTesting.DECIMAL)
                        .setKeySerializationSchema((Long v) -> ("k" + v % 7).getBytes(StandardCharsets.UTF_8))
                        .setPartitioner(new ModuloPartitioner())
                        .build())
                .build());

        assertFinished(env.executeAsync().awaitResult());

        List<ConsumerRecord<byte[], byte[]>> written = KafkaTestClients.readCommitted(servers, "keyed-out");
        assertEquals(300, written.size());
        for (ConsumerRecord<byte[], byte[]> record : written) {
            long value = Long.parseLong(new String(record.value(), StandardCharsets.UTF_8));
            assertEquals("k" + value % 7, new String(record.key(), StandardCharsets.UTF_8));
            assertEquals(value % 3, record.partition(), () -> "partition of " + value);
        }
        assertEquals(Set.of("0:keyed-out[0, 1, 2]", "1:keyed-out[0, 1, 2]"), ModuloPartitioner.SEEN);
    }

    // ---- EXACTLY_ONCE ----

    /**
     * One failure in each of the runs 0..2, in subtask 0 (at the coordinator for AFTER_METADATA),
     * never at checkpoint 1: AFTER_PRE_COMMIT restores from a checkpoint whose transactions may or may
     * not be committed yet; AFTER_METADATA and MID_COMMIT leave transactions of a complete checkpoint
     * to be committed, or committed again, by the restored run from new producers.
     */
    @ParameterizedTest
    @EnumSource(value = FaultInjector.Point.class, names = {"AFTER_PRE_COMMIT", "MID_COMMIT", "AFTER_METADATA"})
    void whenExactlyOnceFailsAtAPointOfTheCommitProtocol_thenEveryRecordIsCommittedOnceAndNoTransactionStaysOpen(
            FaultInjector.Point point) throws Exception {
        String topic = "eos-" + point.name().toLowerCase().replace('_', '-');
        KafkaTesting.createTopic(broker, topic, 2);
        AtomicInteger injected = new AtomicInteger();
        StreamExecutionEnvironment env = env(topic, 2)
                .setRestartStrategy(RestartStrategy.fixedDelay(10, Duration.ofMillis(10)))
                .setFaultInjector((at, task, checkpointId, attempt) -> {
                    if (at == point && attempt < 3 && injected.get() == attempt && checkpointId != 1
                            && (task == null || task.subtaskIndex() == 0)) {
                        injected.incrementAndGet();
                        throw new FaultInjector.InjectedFault("injected at " + at + " in attempt " + attempt);
                    }
                });
        // A record serializer of the user's own: the sink does not know the topic before the first record.
        KafkaRecordSerializationSchema<Long> own = (value, context, timestamp) ->
                new ProducerRecord<>(topic, KafkaTesting.DECIMAL.serialize(value));
        define(env, numbers(10_000, 10_000), KafkaSink.<Long>builder().setBootstrapServers(servers)
                .setRecordSerializer(own).setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(topic).build());

        JobExecutionResult result = env.executeAsync().awaitResult();

        assertFinished(result);
        assertEquals(3, injected.get(), "faults injected at " + point);
        assertEquals(3, result.restarts());
        assertEquals(KafkaTesting.range(0, 10_000), committed(topic));
        assertEquals(List.of(), KafkaTestClients.openTransactions(servers, topic + "-"));
    }

    @Test
    void whenAKilledRunAtParallelism2IsResumedAt1_thenTheLeftoversOfBothOldSubtasksAreAbortedAndOutputIsExact()
            throws Exception {
        KafkaTesting.createTopic(broker, "eos-rescale", 2);
        AtomicInteger injected = new AtomicInteger();
        StreamExecutionEnvironment first = env("eos-rescale", 2) // no restart strategy: the failure ends the job
                .setFaultInjector(KafkaTesting.failOnceAt(FaultInjector.Point.AFTER_PRE_COMMIT, 0, 2, injected));
        // a pause after each checkpoint keeps every transaction long enough to hold records of both subtasks (an
        // empty one never opens on the broker, and the test needs both open)
        first.getCheckpointConfig().setMinPauseBetweenCheckpoints(40);
        define(first, numbers(10_000, 5_000), sink("eos-rescale", DeliveryGuarantee.EXACTLY_ONCE, "eos-rescale"));

        JobExecutionResult killed = first.executeAsync().awaitResult();

        assertEquals(JobStatus.FAILED, killed.status());
        assertEquals(1, injected.get());
        List<String> leftovers = KafkaTestClients.openTransactions(servers, "eos-rescale-");
        assertTrue(leftovers.stream().anyMatch(id -> id.startsWith("eos-rescale-0-"))
                && leftovers.stream().anyMatch(id -> id.startsWith("eos-rescale-1-")),
                "both old subtasks must leave an open transaction behind: " + leftovers);
        List<String> idsOfOldSubtask1 = KafkaTesting.allTransactionalIds(servers, "eos-rescale-1-");

        StreamExecutionEnvironment resumed = env("eos-rescale", 1).restoreFrom("latest");
        define(resumed, numbers(10_000, Double.POSITIVE_INFINITY),
                sink("eos-rescale", DeliveryGuarantee.EXACTLY_ONCE, "eos-rescale"));
        JobExecutionResult result = resumed.executeAsync().awaitResult();

        assertFinished(result);
        assertEquals(List.of(), KafkaTestClients.openTransactions(servers, "eos-rescale-"));
        assertEquals(KafkaTesting.range(0, 10_000), committed("eos-rescale"));
        assertEquals(idsOfOldSubtask1, KafkaTesting.allTransactionalIds(servers, "eos-rescale-1-"),
                "the resumed run at parallelism 1 writes under subtask 0's ids only");
    }

    @Test
    void whenAJobStartsFreshUnderThePrefixOfAKilledRun_thenItAbortsThatRunsOpenTransactionsAndNoOtherJobs()
            throws Exception {
        KafkaTesting.createTopic(broker, "fresh-out", 1);
        KafkaTesting.createTopic(broker, "fresh-foreign", 1);
        // A run at parallelism 3 was killed before its first checkpoint: subtask 2's transaction is open.
        KafkaTesting.leaveTransactionOpen(servers, "fresh-2-1",
                List.of(KafkaTesting.record("fresh-out", 0, "-1"), KafkaTesting.record("fresh-out", 0, "-2")));
        // Open transactions of other jobs whose prefixes look alike.
        for (String foreign : List.of("fresher-0-0", "fresh-x-0-0", "fresh-0-0-1")) {
            KafkaTesting.leaveTransactionOpen(servers, foreign, List.of(KafkaTesting.record("fresh-foreign", 0, "x")));
        }

        StreamExecutionEnvironment env = env("fresh", 2);
        define(env, numbers(1_000, Double.POSITIVE_INFINITY), sink("fresh-out", DeliveryGuarantee.EXACTLY_ONCE, "fresh"));
        JobExecutionResult result = env.executeAsync().awaitResult();

        assertFinished(result);
        assertEquals(KafkaTesting.range(0, 1_000), committed("fresh-out"));
        assertEquals(List.of("fresh-0-0-1", "fresh-x-0-0", "fresher-0-0"),
                KafkaTestClients.openTransactions(servers, "fresh").stream().sorted().toList());
        for (String foreign : List.of("fresher-0-0", "fresh-x-0-0", "fresh-0-0-1")) {
            KafkaTesting.fence(servers, foreign);
        }
    }

    @Test
    void whenExactlyOnceRunsOverManyCheckpoints_thenEachSubtaskUsesAtMostFourTransactionalIds() throws Exception {
        KafkaTesting.createTopic(broker, "eos-ids", 2);
        long n = 100_000_000; // never reached: the job is cancelled after enough checkpoints
        StreamExecutionEnvironment env = env("eos-ids", 2);
        define(env, numbers(n, 4_000), sink("eos-ids", DeliveryGuarantee.EXACTLY_ONCE, "eos-ids"));

        JobExecution job = (JobExecution) env.executeAsync();
        long completed;
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while ((completed = job.checkpointStats().stream().filter(CheckpointStats::completed).count()) < 25) {
                assertTrue(System.nanoTime() < deadline, "only " + completed + " checkpoints completed in 90 s");
                Thread.sleep(20);
            }
        } finally {
            job.cancel();
        }
        assertEquals(JobStatus.CANCELED, job.awaitResult(Duration.ofSeconds(60)).status());

        Map<Integer, Set<String>> idsBySubtask = new TreeMap<>();
        for (String id : KafkaTesting.allTransactionalIds(servers, "eos-ids-")) {
            int subtask = TransactionalIdPool.subtaskOf("eos-ids", id);
            assertTrue(subtask == 0 || subtask == 1, id);
            idsBySubtask.computeIfAbsent(subtask, s -> new java.util.TreeSet<>()).add(id);
        }
        assertEquals(Set.of(0, 1), idsBySubtask.keySet());
        long checkpoints = completed;
        idsBySubtask.forEach((subtask, ids) -> assertTrue(ids.size() <= 4,
                "subtask " + subtask + " used " + ids + " over " + checkpoints + " checkpoints"));

        // The cancelled run left its open transactions (a restore would abort them): abort them here, then
        // each subtask's committed output must be a gap-free prefix of its range of the sequence.
        for (String open : KafkaTestClients.openTransactions(servers, "eos-ids-")) {
            KafkaTesting.fence(servers, open);
        }
        List<Long> written = committed("eos-ids");
        List<Long> first = written.stream().filter(v -> v < n / 2).toList();
        List<Long> second = written.stream().filter(v -> v >= n / 2).toList();
        assertTrue(first.size() > 0 && second.size() > 0, "both subtasks committed records");
        assertEquals(KafkaTesting.range(0, first.size()), first);
        assertEquals(KafkaTesting.range(n / 2, n / 2 + second.size()), second);
    }

    @Test
    void whenExactlyOnceRunsWithoutCheckpointing_thenEverythingIsCommittedAtTheEnd() throws Exception {
        KafkaTesting.createTopic(broker, "eos-no-checkpoints", 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("eos-no-checkpoints");
        define(env, numbers(3_000, Double.POSITIVE_INFINITY),
                sink("eos-no-checkpoints", DeliveryGuarantee.EXACTLY_ONCE, "eos-no-checkpoints"));

        assertFinished(env.executeAsync().awaitResult());

        assertEquals(KafkaTesting.range(0, 3_000), committed("eos-no-checkpoints"));
        assertEquals(List.of(), KafkaTestClients.openTransactions(servers, "eos-no-checkpoints-"));
    }

    @Test
    void whenThePendingTransactionOfTheRestoredCheckpointTimedOutOnTheBroker_thenTheRestoreFailsAsDataLoss()
            throws Exception {
        KafkaTesting.createTopic(broker, "eos-lost", 1);
        AtomicLong failedAfter = new AtomicLong();
        StreamExecutionEnvironment first = env("eos-lost", 1)
                .setFaultInjector((point, task, checkpointId, attempt) -> {
                    if (point == FaultInjector.Point.AFTER_METADATA && checkpointId >= 2
                            && failedAfter.compareAndSet(0, checkpointId)) {
                        throw new FaultInjector.InjectedFault("the process dies after the metadata of " + checkpointId);
                    }
                });
        first.getCheckpointConfig().setCheckpointTimeout(2_000);
        define(first, numbers(10_000, 2_000), lostSink());

        assertEquals(JobStatus.FAILED, first.executeAsync().awaitResult().status());
        // The broker aborts the pending transaction once transaction.timeout.ms has passed.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!KafkaTestClients.openTransactions(servers, "eos-lost-").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the broker did not abort the timed-out transaction");
            Thread.sleep(100);
        }

        StreamExecutionEnvironment resumed = env("eos-lost", 1).restoreFrom("latest");
        resumed.getCheckpointConfig().setCheckpointTimeout(2_000);
        define(resumed, numbers(10_000, Double.POSITIVE_INFINITY), lostSink());
        JobExecutionResult result = resumed.executeAsync().awaitResult();

        assertEquals(JobStatus.FAILED, result.status());
        String message = KafkaTesting.fullText(result.failureCause());
        assertTrue(message.contains("data loss: transaction eos-lost-0-"), message);
        assertTrue(message.contains("of checkpoint " + failedAfter.get() + " cannot be committed"), message);
        assertTrue(message.contains("transaction.timeout.ms=3000"), message);
    }

    private static Sink<Long> lostSink() {
        return KafkaSink.<Long>builder()
                .setBootstrapServers(servers)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic("eos-lost")
                        .setValueSerializationSchema(KafkaTesting.DECIMAL).build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("eos-lost")
                .setProperty("transaction.timeout.ms", "3000")
                .build();
    }
}
