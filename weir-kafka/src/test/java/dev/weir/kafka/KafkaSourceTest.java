package dev.weir.kafka;

import static dev.weir.kafka.KafkaTesting.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.DeliveryGuarantee;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.serialization.SimpleStringSchema;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.connector.CollectSink;
import dev.weir.kafka.broker.KafkaTestClients;
import dev.weir.kafka.broker.LocalKafkaBroker;
import dev.weir.runtime.JobExecution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka source against a real broker: what it reads, from where, and what it reports. */
class KafkaSourceTest {
    @TempDir
    static Path brokerDir;
    static LocalKafkaBroker broker;
    static String servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = LocalKafkaBroker.start(brokerDir);
        servers = broker.bootstrapServers();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private KafkaSourceBuilder<String> source(String... topics) {
        return KafkaSource.<String>builder()
                .setBootstrapServers(servers)
                .setTopics(topics)
                .setValueOnlyDeserializer(new SimpleStringSchema());
    }

    private StreamExecutionEnvironment env(String name, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism).setJobName(name);
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        return env;
    }

    private int reads;

    /** Runs source → collect with the given parallelism, as a job of its own, and returns the records sorted. */
    private List<String> readAll(KafkaSource<String> source, int parallelism) throws Exception {
        StreamExecutionEnvironment env = env("read-" + ++reads, parallelism);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka").uid("kafka").sinkTo(sink).uid("collect");
        JobExecutionResult result = env.executeAsync().awaitResult();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        List<String> values = new ArrayList<>(sink.results());
        values.sort(null);
        return values;
    }

    private static List<String> strings(long from, long to) {
        List<String> values = new ArrayList<>();
        KafkaTesting.range(from, to).forEach(i -> values.add(Long.toString(i)));
        values.sort(null);
        return values;
    }

    @Test
    void whenABoundedSourceWithParallelism2ReadsAPreloadedTopicOf5Partitions_thenEachRecordIsEmittedOnce()
            throws Exception {
        KafkaTesting.createTopic(broker, "src-bounded", 5);
        KafkaTesting.produceNumbers(servers, "src-bounded", 5, 10_000);

        StreamExecutionEnvironment env = env("bounded", 2);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(source("src-bounded").setBounded(OffsetsInitializer.latest()).build(), WatermarkStrategy.noWatermarks(), "kafka").uid("kafka").sinkTo(sink).uid("collect");
        JobExecutionResult result = env.executeAsync().awaitResult();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(KafkaTesting.range(0, 10_000), KafkaTesting.sortedNumbers(sink.results()));
        assertEquals(10_000, result.operator("kafka").recordsOut());
    }

    @Test
    void whenTheInputHoldsAbortedAndCommittedTransactions_thenOnlyCommittedAndPlainRecordsAreEmitted()
            throws Exception {
        KafkaTesting.createTopic(broker, "src-aborted", 2);
        List<ProducerRecord<byte[], byte[]>> plain = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> committed = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> aborted = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> abortedLast = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            plain.add(record("src-aborted", i % 2, "plain-" + i));
            committed.add(record("src-aborted", i % 2, "committed-" + i));
            aborted.add(record("src-aborted", i % 2, "aborted-" + i));
            abortedLast.add(record("src-aborted", i % 2, "aborted-last-" + i));
        }
        KafkaTesting.produce(servers, plain);
        KafkaTesting.produceTransaction(servers, "src-aborted-writer", false, aborted);
        KafkaTesting.produceTransaction(servers, "src-aborted-writer", true, committed);
        // The log ends with an aborted transaction and its marker: the bounded read must still end.
        KafkaTesting.produceTransaction(servers, "src-aborted-writer", false, abortedLast);

        List<String> values = readAll(source("src-aborted").setBounded(OffsetsInitializer.latest()).build(), 2);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add("plain-" + i);
            expected.add("committed-" + i);
        }
        expected.sort(null);
        assertEquals(expected, values);
    }

    @Test
    void whenAJobFailsAndIsRestartedFromItsCheckpoint_thenEveryRecordIsWrittenExactlyOnce() throws Exception {
        KafkaTesting.createTopic(broker, "src-restart-in", 4);
        KafkaTesting.createTopic(broker, "src-restart-out", 2);
        KafkaTesting.produceNumbers(servers, "src-restart-in", 4, 20_000);

        StreamExecutionEnvironment env = env("restart", 2)
                .setRestartStrategy(dev.weir.api.RestartStrategy.fixedDelay(3, Duration.ofMillis(10)));
        pipeline(env, "src-restart-in", "src-restart-out", "src-restart", new KafkaTesting.FailAfterCheckpoints<>(2));
        JobExecutionResult result = env.executeAsync().awaitResult();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(1, result.restarts());
        assertEquals(KafkaTesting.range(0, 20_000),
                KafkaTesting.sortedNumbers(KafkaTestClients.readCommittedValues(servers, "src-restart-out")));
        assertEquals(List.of(), KafkaTestClients.openTransactions(servers, "src-restart-"));
    }

    @Test
    void whenAFailedJobIsResumedAtParallelism3FromItsCheckpoint_thenEveryRecordIsWrittenExactlyOnce()
            throws Exception {
        KafkaTesting.createTopic(broker, "src-rescale-in", 4);
        KafkaTesting.createTopic(broker, "src-rescale-out", 2);
        KafkaTesting.produceNumbers(servers, "src-rescale-in", 4, 20_000);

        StreamExecutionEnvironment first = env("rescale", 2); // no restart strategy: the failure ends the job
        pipeline(first, "src-rescale-in", "src-rescale-out", "src-rescale", new KafkaTesting.FailAfterCheckpoints<>(2));
        JobExecutionResult failed = first.executeAsync().awaitResult();

        assertEquals(JobStatus.FAILED, failed.status(), "the first run must fail before reading all input");
        assertTrue(failed.completedCheckpoints().size() >= 2, () -> "completed: " + failed.completedCheckpoints());
        assertTrue(fullMessage(failed).contains("the map fails on purpose"), () -> fullMessage(failed));

        StreamExecutionEnvironment resumed = env("rescale", 3).restoreFrom("latest");
        pipeline(resumed, "src-rescale-in", "src-rescale-out", "src-rescale", KafkaTesting.FailAfterCheckpoints.never());
        JobExecutionResult result = resumed.executeAsync().awaitResult();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        long readByResumedRun = result.operator("kafka").recordsOut();
        assertTrue(readByResumedRun > 0 && readByResumedRun < 20_000,
                "the resumed run must start from the checkpoint, it read " + readByResumedRun);
        assertEquals(KafkaTesting.range(0, 20_000),
                KafkaTesting.sortedNumbers(KafkaTestClients.readCommittedValues(servers, "src-rescale-out")));
        assertEquals(List.of(), KafkaTestClients.openTransactions(servers, "src-rescale-"));
    }

    private static String fullMessage(JobExecutionResult result) {
        return result.failureCause() == null ? "no failure" : KafkaTesting.fullText(result.failureCause());
    }

    /** Kafka (bounded, small polls) → map → exactly-once Kafka sink (values through Kafka's StringSerializer). */
    private void pipeline(StreamExecutionEnvironment env, String in, String out, String prefix,
                          KafkaTesting.FailAfterCheckpoints<String> map) {
        env.fromSource(source(in).setBounded(OffsetsInitializer.latest()).setProperty("max.poll.records", "20").build(), WatermarkStrategy.noWatermarks(), "kafka").uid("kafka")
                .map(map).uid("map")
                .sinkTo(KafkaSink.<String>builder()
                        .setBootstrapServers(servers)
                        .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic(out)
                                .setKafkaValueSerializer(StringSerializer.class).build())
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(prefix)
                        .build()).uid("sink");
    }

    @Test
    void whenATopicPatternIsSet_thenEveryMatchingTopicIsReadAndNoOther() throws Exception {
        KafkaTesting.createTopic(broker, "pattern-a", 1);
        KafkaTesting.createTopic(broker, "pattern-b", 3);
        KafkaTesting.createTopic(broker, "not-pattern-c", 1);
        KafkaTesting.produce(servers, List.of(record("pattern-a", 0, "a0"), record("pattern-a", 0, "a1"),
                record("pattern-b", 0, "b0"), record("pattern-b", 1, "b1"), record("pattern-b", 2, "b2"),
                record("not-pattern-c", 0, "c0")));

        List<String> values = readAll(KafkaSource.<String>builder().setBootstrapServers(servers)
                .setTopicPattern(java.util.regex.Pattern.compile("pattern-.*")).setBounded(OffsetsInitializer.latest())
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(StringDeserializer.class)).build(), 2);

        assertEquals(List.of("a0", "a1", "b0", "b1", "b2"), values);
    }

    @Test
    void whenNoTopicMatchesThePattern_thenTheJobFailsNamingThePatternAndTheCluster() throws Exception {
        StreamExecutionEnvironment env = env("no-match", 1);
        env.fromSource(KafkaSource.<String>builder().setBootstrapServers(servers)
                .setTopicPattern(java.util.regex.Pattern.compile("nothing-matches-.*"))
                .setValueOnlyDeserializer(new SimpleStringSchema()).build(), WatermarkStrategy.noWatermarks(), "kafka").uid("kafka")
                .sinkTo(new CollectSink<>()).uid("collect");

        JobExecutionResult result = env.executeAsync().awaitResult();

        assertEquals(JobStatus.FAILED, result.status());
        assertTrue(fullMessage(result).contains("no topic on the Kafka cluster at bootstrap.servers=" + servers
                + " matches the pattern 'nothing-matches-.*'"), () -> fullMessage(result));
    }

    @Test
    void whenStartingFromLatest_thenOnlyRecordsWrittenAfterTheStartAreEmitted() throws Exception {
        KafkaTesting.createTopic(broker, "src-latest", 1);
        KafkaTesting.produceNumbers(servers, "src-latest", 1, 50);

        StreamExecutionEnvironment env = env("latest", 1);
        KafkaTesting.LiveCollectSink<String> sink = new KafkaTesting.LiveCollectSink<>();
        env.fromSource(source("src-latest").setStartingOffsets(OffsetsInitializer.latest()).build(), WatermarkStrategy.noWatermarks(), "kafka").uid("kafka")
                .sinkTo(sink).uid("live");
        JobExecution job = (JobExecution) env.executeAsync();
        try {
            // A completed checkpoint means the source has resolved its starting offsets.
            awaitTrue(() -> job.checkpointStats().stream().anyMatch(dev.weir.api.CheckpointStats::completed),
                    "no checkpoint completed");
            List<ProducerRecord<byte[], byte[]>> later = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                later.add(record("src-latest", 0, "new-" + i));
            }
            KafkaTesting.produce(servers, later);
            awaitTrue(() -> sink.seen().size() >= 10, "the new records did not arrive");
        } finally {
            job.cancel();
            job.awaitResult(Duration.ofSeconds(60));
        }

        assertEquals(List.of("new-0", "new-1", "new-2", "new-3", "new-4", "new-5", "new-6", "new-7", "new-8", "new-9"),
                sink.seen());
    }

    @Test
    void whenABoundedSourceStartsFromLatest_thenItEmitsNothingAndEnds() throws Exception {
        KafkaTesting.createTopic(broker, "src-latest-bounded", 2);
        KafkaTesting.produceNumbers(servers, "src-latest-bounded", 2, 100);

        assertEquals(List.of(), readAll(source("src-latest-bounded").setBounded(OffsetsInitializer.latest())
                .setStartingOffsets(OffsetsInitializer.latest()).build(), 2));
    }

    @Test
    void whenStartingFromATimestamp_thenTheFirstRecordIsTheFirstAtOrAfterIt() throws Exception {
        KafkaTesting.createTopic(broker, "src-timestamp", 2);
        long base = 1_700_000_000_000L;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(record("src-timestamp", 0, base + i * 10L, Integer.toString(i)));
            records.add(record("src-timestamp", 1, base - 1_000 + i, "old-" + i)); // all before the timestamp
        }
        KafkaTesting.produce(servers, records);

        List<String> values = readAll(source("src-timestamp").setBounded(OffsetsInitializer.latest())
                .setStartingOffsets(OffsetsInitializer.timestamp(base + 505)).build(), 2);

        assertEquals(strings(51, 100), values); // 51 is at base + 510; partition 1 starts at its end
    }

    @Test
    void whenStartingFromGivenOffsets_thenListedPartitionsStartThereAndTheOthersAtTheEarliestOffset() throws Exception {
        KafkaTesting.createTopic(broker, "src-offsets", 3);
        KafkaTesting.produceNumbers(servers, "src-offsets", 3, 300); // 100 per partition, offset k holds 3k + p

        List<String> values = readAll(source("src-offsets").setBounded(OffsetsInitializer.latest())
                .setStartingOffsets(OffsetsInitializer.offsets(Map.of(new TopicPartition("src-offsets", 0), 90L,
                        new TopicPartition("src-offsets", 2), 99L))).build(), 2);

        List<String> expected = new ArrayList<>();
        for (int k = 90; k < 100; k++) {
            expected.add(Integer.toString(3 * k));
        }
        expected.add(Integer.toString(3 * 99 + 2));
        for (int k = 0; k < 100; k++) {
            expected.add(Integer.toString(3 * k + 1)); // partition 1 is not listed: earliest
        }
        expected.sort(null);
        assertEquals(expected, values);
    }

    @Test
    void whenBoundedByATimestamp_thenEachPartitionStopsBeforeItsFirstRecordAtOrAfterIt() throws Exception {
        KafkaTesting.createTopic(broker, "src-stop-timestamp", 2);
        long base = 1_700_000_000_000L;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(record("src-stop-timestamp", 0, base + i * 10L, Integer.toString(i)));
            records.add(record("src-stop-timestamp", 1, base - 1_000 + i, "old-" + i)); // all before the timestamp
        }
        KafkaTesting.produce(servers, records);

        List<String> values = readAll(source("src-stop-timestamp")
                .setBounded(OffsetsInitializer.timestamp(base + 505)).build(), 2);

        List<String> expected = strings(0, 51); // 51 is at base + 510: the first record not read
        for (int i = 0; i < 100; i++) {
            expected.add("old-" + i); // partition 1 has no record at or after it: read to its end
        }
        expected.sort(null);
        assertEquals(expected, values);
    }

    private static final CountDownLatch SOURCE_STARTED = new CountDownLatch(2);
    private static final CountDownLatch MORE_PRODUCED = new CountDownLatch(1);

    @Test
    void whenBoundedByLatest_thenRecordsWrittenAfterTheStartAreNotRead() throws Exception {
        KafkaTesting.createTopic(broker, "src-stop-latest", 2);
        KafkaTesting.produceNumbers(servers, "src-stop-latest", 2, 100);

        StreamExecutionEnvironment env = env("stop-latest", 2);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(source("src-stop-latest").setBounded(OffsetsInitializer.latest()).build(),
                        WatermarkStrategy.noWatermarks(), "kafka").uid("kafka")
                .map(value -> { // each subtask holds its first record until more have been written
                    SOURCE_STARTED.countDown();
                    assertTrue(MORE_PRODUCED.await(60, TimeUnit.SECONDS), "the test did not write more records");
                    return value;
                }).uid("wait")
                .sinkTo(sink).uid("collect");
        JobClient job = env.executeAsync();
        assertTrue(SOURCE_STARTED.await(60, TimeUnit.SECONDS), "the source did not start");
        KafkaTesting.produceNumbers(servers, "src-stop-latest", 2, 100); // 0..99 again, after the start
        MORE_PRODUCED.countDown();
        JobExecutionResult result = job.awaitResult(Duration.ofSeconds(60));

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(KafkaTesting.range(0, 100), KafkaTesting.sortedNumbers(sink.results()));
        assertEquals(200, KafkaTesting.endOffsets(servers, "src-stop-latest", 2).values().stream()
                .mapToLong(Long::longValue).sum(), "the later records are in the topic");
    }

    @Test
    void whenStartingFromCommittedOffsetsWithoutFallback_thenAPartitionWithoutOneFailsTheStartNamingIt()
            throws Exception {
        KafkaTesting.createTopic(broker, "src-committed-only", 2);
        KafkaTesting.commitGroupOffset(servers, "committed-only-group", "src-committed-only", 0, 0);

        StreamExecutionEnvironment env = env("committed-only", 1);
        env.fromSource(source("src-committed-only").setGroupId("committed-only-group")
                        .setStartingOffsets(OffsetsInitializer.committedOffsets()).build(),
                        WatermarkStrategy.noWatermarks(), "kafka").uid("kafka")
                .sinkTo(new CollectSink<>()).uid("collect");
        JobExecutionResult result = env.executeAsync().awaitResult(Duration.ofSeconds(60));

        assertEquals(JobStatus.FAILED, result.status());
        assertTrue(fullMessage(result).contains("partitions [src-committed-only-1] have no committed offset in the "
                + "source's consumer group and the offset reset strategy is NONE"), () -> fullMessage(result));
    }

    @Test
    void whenPartitionsAndPropertiesAreSet_thenOnlyThosePartitionsAreReadFromTheClusterInTheProperties()
            throws Exception {
        KafkaTesting.createTopic(broker, "src-partitions", 3);
        KafkaTesting.produceNumbers(servers, "src-partitions", 3, 300); // offset k of partition p holds 3k + p
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", servers);
        props.put("max.poll.records", 10); // a number, as Properties often hold them

        List<String> values = readAll(KafkaSource.<String>builder().setProperties(props)
                .setPartitions(Set.of(new TopicPartition("src-partitions", 0), new TopicPartition("src-partitions", 2)))
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema()).build(), 2);

        List<String> expected = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            expected.add(Integer.toString(3 * k));
            expected.add(Integer.toString(3 * k + 2));
        }
        expected.sort(null);
        assertEquals(expected, values);
    }

    /** Emits "key:value@partition/offset", twice for values that end in "!", nothing for values "-". */
    private static final class Described implements KafkaRecordDeserializationSchema<String> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<String> out) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            if (value.equals("-")) {
                return;
            }
            String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            String described = key + ":" + value + "@" + record.partition() + "/" + record.offset();
            out.collect(described);
            if (value.endsWith("!")) {
                out.collect(described);
            }
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return TypeInformation.of(String.class);
        }
    }

    @Test
    void whenARecordDeserializerIsSet_thenItSeesKeyAndPositionAndMayEmitSeveralRecordsOrNone() throws Exception {
        KafkaTesting.createTopic(broker, "src-records", 1);
        KafkaTesting.produce(servers, List.of(
                new ProducerRecord<>("src-records", 0, "a".getBytes(StandardCharsets.UTF_8), "1".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>("src-records", 0, "b".getBytes(StandardCharsets.UTF_8), "-".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>("src-records", 0, null, "3!".getBytes(StandardCharsets.UTF_8))));

        List<String> values = readAll(KafkaSource.<String>builder().setBootstrapServers(servers).setTopics("src-records")
                .setBounded(OffsetsInitializer.latest()).setDeserializer(new Described()).build(), 1);

        assertEquals(List.of(":3!@0/2", ":3!@0/2", "a:1@0/0"), values);
    }

    @Test
    void whenStartingFromCommittedOffsets_thenPartitionsWithAnOffsetStartThereAndTheOthersAtTheFallback()
            throws Exception {
        KafkaTesting.createTopic(broker, "src-committed", 3);
        KafkaTesting.produceNumbers(servers, "src-committed", 3, 300); // 100 per partition, offset k holds 3k + p
        // Two groups with the same offsets: a run commits its own progress to its group.
        for (String group : List.of("committed-group-a", "committed-group-b")) {
            KafkaTesting.commitGroupOffset(servers, group, "src-committed", 0, 90);
            KafkaTesting.commitGroupOffset(servers, group, "src-committed", 2, 95);
        }

        List<String> withEarliest = readAll(source("src-committed").setBounded(OffsetsInitializer.latest()).setGroupId("committed-group-a")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)).build(), 2);
        List<String> withLatest = readAll(source("src-committed").setBounded(OffsetsInitializer.latest()).setGroupId("committed-group-b")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST)).build(), 1);

        List<String> fromCommitted = new ArrayList<>();
        for (int k = 90; k < 100; k++) {
            fromCommitted.add(Integer.toString(3 * k));
        }
        for (int k = 95; k < 100; k++) {
            fromCommitted.add(Integer.toString(3 * k + 2));
        }
        List<String> expectedWithLatest = new ArrayList<>(fromCommitted);
        expectedWithLatest.sort(null);
        assertEquals(expectedWithLatest, withLatest);
        List<String> expectedWithEarliest = new ArrayList<>(fromCommitted);
        for (int k = 0; k < 100; k++) {
            expectedWithEarliest.add(Integer.toString(3 * k + 1)); // partition 1 has no committed offset
        }
        expectedWithEarliest.sort(null);
        assertEquals(expectedWithEarliest, withEarliest);
    }

    @Test
    void whenTheStartingOffsetWasDeletedByRetention_thenReadingStartsAtTheFirstRecordStillThere() throws Exception {
        KafkaTesting.createTopic(broker, "src-retention", 1);
        KafkaTesting.produceNumbers(servers, "src-retention", 1, 100);
        KafkaTesting.commitGroupOffset(servers, "retention-group", "src-retention", 0, 10);
        try (var admin = KafkaTesting.admin(servers)) {
            admin.deleteRecords(Map.of(new org.apache.kafka.common.TopicPartition("src-retention", 0),
                    org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(60))).all().get();
        }

        List<String> values = readAll(source("src-retention").setBounded(OffsetsInitializer.latest()).setGroupId("retention-group")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)).build(), 1);

        assertEquals(strings(60, 100), values);
    }

    @Test
    void whenTheGroupHasNoCommittedOffsets_thenCommittedStartsEveryPartitionAtTheFallback() throws Exception {
        KafkaTesting.createTopic(broker, "src-no-group", 2);
        KafkaTesting.produceNumbers(servers, "src-no-group", 2, 40);

        List<String> values = readAll(source("src-no-group").setBounded(OffsetsInitializer.latest()).setGroupId("group-that-never-committed")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)).build(), 2);

        assertEquals(strings(0, 40), values);
    }

    @Test
    void whenACheckpointedJobWithAGroupIdEnds_thenTheGroupsCommittedOffsetsAreTheEndOffsets() throws Exception {
        KafkaTesting.createTopic(broker, "src-group", 3);
        KafkaTesting.produceNumbers(servers, "src-group", 3, 3_000);
        // The third partition ends with an aborted transaction: its end offset is past the last record.
        KafkaTesting.produceTransaction(servers, "src-group-writer", false, List.of(record("src-group", 2, "aborted")));

        List<String> values = readAll(source("src-group").setBounded(OffsetsInitializer.latest()).setGroupId("progress-group").build(), 2);

        assertEquals(strings(0, 3_000), values);
        assertEquals(Map.of("src-group-0", 1_000L, "src-group-1", 1_000L, "src-group-2", 1_002L),
                KafkaTesting.endOffsets(servers, "src-group", 3));
        assertEquals(new TreeMap<>(KafkaTesting.endOffsets(servers, "src-group", 3)),
                KafkaTesting.groupOffsets(servers, "progress-group"));
    }

    @Test
    void whenAnUnboundedJobWithAGroupIdCompletesCheckpoints_thenItsOffsetsReachTheGroupWhileItRuns() throws Exception {
        KafkaTesting.createTopic(broker, "src-group-live", 2);
        KafkaTesting.produceNumbers(servers, "src-group-live", 2, 200);

        StreamExecutionEnvironment env = env("group-live", 2);
        KafkaTesting.LiveCollectSink<String> sink = new KafkaTesting.LiveCollectSink<>();
        env.fromSource(source("src-group-live").setGroupId("live-group").build(), WatermarkStrategy.noWatermarks(), "kafka").uid("kafka")
                .sinkTo(sink).uid("live");
        JobExecution job = (JobExecution) env.executeAsync();
        try {
            awaitTrue(() -> sink.seen().size() == 200, "the records did not arrive");
            Map<String, Long> expected = Map.of("src-group-live-0", 100L, "src-group-live-1", 100L);
            awaitTrue(() -> expected.equals(groupOffsets("live-group")), "the offsets did not reach the group");
        } finally {
            job.cancel();
            job.awaitResult(Duration.ofSeconds(60));
        }
    }

    @Test
    void whenAClientIdPrefixIsSet_thenEachSubtasksConsumerIsNamedPrefixDashSubtask() throws Exception {
        KafkaTesting.createTopic(broker, "src-client-id", 2);
        KafkaTesting.produceNumbers(servers, "src-client-id", 2, 20);

        StreamExecutionEnvironment env = env("client-id", 2);
        KafkaTesting.LiveCollectSink<String> sink = new KafkaTesting.LiveCollectSink<>();
        env.fromSource(source("src-client-id").setClientIdPrefix("orders-reader").build(),
                        WatermarkStrategy.noWatermarks(), "kafka").uid("kafka")
                .sinkTo(sink).uid("live");
        JobClient job = env.executeAsync();
        Set<String> clientIds;
        try {
            awaitTrue(() -> sink.seen().size() == 20, "the records did not arrive");
            // Each Kafka client registers its metrics under its client.id in this JVM.
            clientIds = new java.util.TreeSet<>();
            for (javax.management.ObjectName name : java.lang.management.ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new javax.management.ObjectName("kafka.consumer:type=consumer-metrics,*"), null)) {
                clientIds.add(name.getKeyProperty("client-id"));
            }
        } finally {
            job.cancel();
            job.awaitResult(Duration.ofSeconds(60));
        }

        assertTrue(clientIds.containsAll(Set.of("orders-reader-0", "orders-reader-1")), clientIds::toString);
    }

    private static Map<String, Long> groupOffsets(String group) {
        try {
            return KafkaTesting.groupOffsets(servers, group);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within 60 s");
            Thread.sleep(10);
        }
    }
}
