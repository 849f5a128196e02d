package dev.weir.kafka;

import static dev.weir.kafka.KafkaTesting.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.ErrorPolicy;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.DeliveryGuarantee;
import dev.weir.api.connector.Sink;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.serialization.SimpleStringSchema;
import dev.weir.connector.CollectSink;
import dev.weir.kafka.broker.KafkaTestClients;
import dev.weir.kafka.broker.LocalKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad records and wrong configurations: each fails with a message that says what is wrong and
 * where (topic, partition, offset, option, cluster), or is refused before anything is written.
 */
class KafkaConfigurationErrorsTest {
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

    private StreamExecutionEnvironment env(String name, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism).setJobName(name);
        env.enableCheckpointing(100);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        return env;
    }

    private static final KafkaTesting.Numbers NUMBERS = new KafkaTesting.Numbers();

    private static String failure(JobExecutionResult result) {
        assertEquals(JobStatus.FAILED, result.status(), "the job must fail");
        return KafkaTesting.fullText(result.failureCause());
    }

    private static void assertContains(String expected, String text) {
        assertTrue(text.contains(expected), () -> "expected to contain \"" + expected + "\" but was:\n" + text);
    }

    // ---- bad records ----

    @Test
    void whenTheDeserializerRejectsARecord_thenTheJobFailsNamingItsTopicPartitionAndOffset() throws Exception {
        KafkaTesting.createTopic(broker, "bad-in", 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String v : List.of("0", "1", "2", "three", "4")) {
            records.add(record("bad-in", 0, v));
        }
        KafkaTesting.produce(servers, records);

        StreamExecutionEnvironment env = env("bad", 1);
        CollectSink<Integer> sink = new CollectSink<>();
        env.fromSource(KafkaSource.<Integer>builder().setBootstrapServers(servers).setTopics("bad-in").setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(NUMBERS).build(), WatermarkStrategy.noWatermarks(), "kafka").uid("kafka").sinkTo(sink).uid("collect");
        String message = failure(env.executeAsync().awaitResult());

        assertContains("cannot read the record at topic bad-in partition 0 offset 3: For input string: \"three\"",
                message);
        assertContains("java.lang.NumberFormatException: For input string: \"three\"", message);
        assertContains("set ErrorPolicy.skip() or deadLetter() on the source or the job", message);
    }

    @Test
    void whenTheSourcesErrorPolicySkips_thenRejectedRecordsAreCountedAndAllGoodRecordsAreProcessed() throws Exception {
        KafkaTesting.createTopic(broker, "skip-in", 2);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String v : List.of("0", "1", "two", "3", "four", "5")) {
            records.add(record("skip-in", records.size() % 2, v));
        }
        KafkaTesting.produce(servers, records);

        StreamExecutionEnvironment env = env("skip", 2);
        CollectSink<Integer> sink = new CollectSink<>();
        env.fromSource(KafkaSource.<Integer>builder().setBootstrapServers(servers).setTopics("skip-in")
                        .setBounded(OffsetsInitializer.latest()).setValueOnlyDeserializer(NUMBERS).build(),
                        WatermarkStrategy.noWatermarks(), "kafka").uid("kafka").setErrorPolicy(ErrorPolicy.skip())
                .sinkTo(sink).uid("collect");
        JobExecutionResult result = env.executeAsync().awaitResult();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        List<Integer> processed = new ArrayList<>(sink.results());
        processed.sort(null);
        assertEquals(List.of(0, 1, 3, 5), processed);
        assertEquals(2, result.operator("kafka").skipped());
    }

    @Test
    void whenADeadLetterTopicIsSet_thenRejectedRecordsGoThereWithTheirOriginAndAllGoodRecordsAreProcessed()
            throws Exception {
        KafkaTesting.createTopic(broker, "dl-in", 2);
        KafkaTesting.createTopic(broker, "dl-dead", 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<Integer> good = new ArrayList<>();
        Map<String, String> expectedDead = new TreeMap<>(); // value → "partition/offset"
        for (int i = 0; i < 400; i++) {
            boolean bad = i % 50 == 7;
            String value = bad ? "bad-" + i : Integer.toString(i);
            records.add(new ProducerRecord<>("dl-in", i % 2, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8)));
            if (bad) {
                expectedDead.put(value, (i % 2) + "/" + (i / 2));
            } else {
                good.add(i);
            }
        }
        KafkaTesting.produce(servers, records);

        StreamExecutionEnvironment env = env("dead-letters", 2);
        CollectSink<Integer> sink = new CollectSink<>();
        env.fromSource(KafkaSource.<Integer>builder().setBootstrapServers(servers).setTopics("dl-in").setBounded(OffsetsInitializer.latest())
                .setProperty("max.poll.records", "25") // several polls, so checkpoints fall between bad records
                .setValueOnlyDeserializer(NUMBERS).setDeadLetterTopic("dl-dead").build(), WatermarkStrategy.noWatermarks(), "kafka").uid("kafka")
                .sinkTo(sink).uid("collect");
        JobExecutionResult result = env.executeAsync().awaitResult();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        List<Integer> processed = new ArrayList<>(sink.results());
        processed.sort(null);
        assertEquals(good, processed);
        Map<String, String> dead = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : KafkaTestClients.readCommitted(servers, "dl-dead")) {
            String value = new String(letter.value(), StandardCharsets.UTF_8);
            int i = Integer.parseInt(value.substring("bad-".length()));
            assertEquals("key-" + i, new String(letter.key(), StandardCharsets.UTF_8));
            assertEquals("dl-in", header(letter, "weir.source.topic"));
            assertContains("java.lang.NumberFormatException: For input string: \"bad-" + i + "\"",
                    header(letter, "weir.error"));
            dead.put(value, header(letter, "weir.source.partition") + "/" + header(letter, "weir.source.offset"));
        }
        assertEquals(expectedDead, dead);
        assertEquals(8, dead.size());
    }

    @Test
    void whenADeadLetterTopicIsSetWithoutCheckpointing_thenTheDeadLettersAreWrittenByTheEndOfTheJob()
            throws Exception {
        KafkaTesting.createTopic(broker, "dl-plain-in", 1);
        KafkaTesting.createTopic(broker, "dl-plain-dead", 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // The last record is bad too: its dead letter is sent just before the input ends.
            records.add(record("dl-plain-in", 0, i % 10 == 3 || i == 99 ? "bad-" + i : Integer.toString(i)));
        }
        KafkaTesting.produce(servers, records);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setJobName("dead-letters-plain");
        CollectSink<Integer> sink = new CollectSink<>();
        env.fromSource(KafkaSource.<Integer>builder().setBootstrapServers(servers).setTopics("dl-plain-in")
                .setBounded(OffsetsInitializer.latest()).setValueOnlyDeserializer(NUMBERS).setDeadLetterTopic("dl-plain-dead").build(), WatermarkStrategy.noWatermarks(), "kafka")
                .uid("kafka").sinkTo(sink).uid("collect");
        JobExecutionResult result = env.executeAsync().awaitResult();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(89, sink.results().size());
        assertEquals(List.of("bad-3", "bad-13", "bad-23", "bad-33", "bad-43", "bad-53", "bad-63", "bad-73", "bad-83",
                "bad-93", "bad-99"), KafkaTestClients.readCommittedValues(servers, "dl-plain-dead"));
    }

    @Test
    void whenAnOperatorAfterASourceWithADeadLetterTopicFails_thenTheJobFailsAndNothingIsDeadLettered()
            throws Exception {
        KafkaTesting.createTopic(broker, "dl-downstream-in", 1);
        KafkaTesting.createTopic(broker, "dl-downstream-dead", 1);
        KafkaTesting.produce(servers, List.of(record("dl-downstream-in", 0, "1"), record("dl-downstream-in", 0, "2"),
                record("dl-downstream-in", 0, "3")));

        StreamExecutionEnvironment env = env("dead-letters-downstream", 1);
        env.fromSource(KafkaSource.<Integer>builder().setBootstrapServers(servers).setTopics("dl-downstream-in")
                        .setBounded(OffsetsInitializer.latest()).setValueOnlyDeserializer(NUMBERS)
                        .setDeadLetterTopic("dl-downstream-dead").build(), WatermarkStrategy.noWatermarks(), "kafka")
                .uid("kafka")
                .map(n -> {
                    if (n == 2) {
                        throw new IllegalStateException("the map rejects 2");
                    }
                    return n;
                }).uid("map") // chained: it runs inside the source's emit
                .sinkTo(new CollectSink<>()).uid("collect");
        String message = failure(env.executeAsync().awaitResult());

        assertContains("the map rejects 2", message);
        assertEquals(List.of(), KafkaTestClients.readCommittedValues(servers, "dl-downstream-dead"));
    }

    @Test
    void whenTheDeadLetterTopicDoesNotExist_thenTheJobFailsAtStartNamingIt() throws Exception {
        KafkaTesting.createTopic(broker, "dl-missing-in", 1);
        KafkaTesting.produce(servers, List.of(record("dl-missing-in", 0, "1"), record("dl-missing-in", 0, "bad")));

        StreamExecutionEnvironment env = env("dead-letters-missing", 1);
        env.fromSource(KafkaSource.<Integer>builder().setBootstrapServers(servers).setTopics("dl-missing-in")
                .setBounded(OffsetsInitializer.latest()).setValueOnlyDeserializer(NUMBERS).setDeadLetterTopic("no-such-dead-letters").build(), WatermarkStrategy.noWatermarks(), "kafka")
                .uid("kafka").sinkTo(new CollectSink<>()).uid("collect");
        long start = System.nanoTime();
        String message = failure(env.executeAsync().awaitResult());

        assertContains("cannot describe topics [no-such-dead-letters]: a topic does not exist on the Kafka cluster "
                + "at bootstrap.servers=" + servers, message);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30, "took too long to fail");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    // ---- where the cluster or topic is wrong ----

    @Test
    void whenTheSourceTopicDoesNotExist_thenTheJobFailsNamingTheTopicAndTheCluster() throws Exception {
        StreamExecutionEnvironment env = env("missing-source-topic", 1);
        env.fromSource(KafkaSource.<String>builder().setBootstrapServers(servers).setTopics("no-such-input")
                .setValueOnlyDeserializer(new SimpleStringSchema()).build(), WatermarkStrategy.noWatermarks(), "kafka").uid("kafka")
                .sinkTo(new CollectSink<>()).uid("collect");

        String message = failure(env.executeAsync().awaitResult());

        assertContains("cannot describe topics [no-such-input]: a topic does not exist on the Kafka cluster at "
                + "bootstrap.servers=" + servers, message);
        assertContains("create it first", message);
    }

    @Test
    void whenTheSinkTopicDoesNotExist_thenTheJobFailsNamingTheTopicAndTheCluster() throws Exception {
        for (DeliveryGuarantee guarantee : DeliveryGuarantee.values()) {
            StreamExecutionEnvironment env = env("missing-sink-topic-" + guarantee, 1);
            env.fromElements("a", "b").uid("elements").sinkTo(KafkaSink.<String>builder().setBootstrapServers(servers)
                    .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic("no-such-output")
                            .setValueSerializationSchema(new SimpleStringSchema()).build())
                    .setDeliveryGuarantee(guarantee).setTransactionalIdPrefix("missing-topic").build()).uid("sink");

            String message = failure(env.executeAsync().awaitResult());

            assertContains("cannot describe topics [no-such-output]: a topic does not exist on the Kafka cluster at "
                    + "bootstrap.servers=" + servers, message);
        }
    }

    @Test
    void whenTheBrokerCannotBeReached_thenTheSourceFailsNamingBootstrapServersWithinTheApiTimeout() throws Exception {
        String nowhere = "127.0.0.1:" + KafkaTesting.closedPort();
        StreamExecutionEnvironment env = env("unreachable-source", 1);
        env.fromSource(KafkaSource.<String>builder().setBootstrapServers(nowhere).setTopics("anything")
                .setProperty("default.api.timeout.ms", "2000")
                .setValueOnlyDeserializer(new SimpleStringSchema()).build(), WatermarkStrategy.noWatermarks(), "kafka").uid("kafka")
                .sinkTo(new CollectSink<>()).uid("collect");

        long start = System.nanoTime();
        String message = failure(env.executeAsync().awaitResult());

        assertContains("cannot reach the Kafka cluster at bootstrap.servers=" + nowhere + " within 2000 ms "
                + "(to describe topics [anything]): check the address and that the brokers are running", message);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30, "took too long to fail");
    }

    @Test
    void whenTheBrokerCannotBeReached_thenEverySinkKindFailsNamingBootstrapServers() throws Exception {
        String nowhere = "127.0.0.1:" + KafkaTesting.closedPort();
        for (DeliveryGuarantee guarantee : DeliveryGuarantee.values()) {
            StreamExecutionEnvironment env = env("unreachable-sink-" + guarantee, 1);
            env.fromElements("a").uid("elements").sinkTo(KafkaSink.<String>builder().setBootstrapServers(nowhere)
                    .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic("out")
                            .setValueSerializationSchema(new SimpleStringSchema()).build())
                    .setProperty("default.api.timeout.ms", "1000")
                    .setDeliveryGuarantee(guarantee).setTransactionalIdPrefix("unreachable").build()).uid("sink");

            String message = failure(env.executeAsync().awaitResult());

            assertContains("cannot reach the Kafka cluster at bootstrap.servers=" + nowhere + " within 1000 ms", message);
        }
    }

    // ---- exactly-once settings that could lose data ----

    private Sink<String> exactlyOnceSink(String topic, String prefix, String transactionTimeoutMs) {
        KafkaSinkBuilder<String> builder = KafkaSink.<String>builder().setBootstrapServers(servers)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic(topic)
                        .setValueSerializationSchema(new SimpleStringSchema()).build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).setTransactionalIdPrefix(prefix);
        if (transactionTimeoutMs != null) {
            builder.setProperty("transaction.timeout.ms", transactionTimeoutMs);
        }
        return builder.build();
    }

    @Test
    void whenTheTransactionTimeoutIsNotLongerThanCheckpointIntervalPlusTimeout_thenTheSinkRefusesToStart()
            throws Exception {
        KafkaTesting.createTopic(broker, "short-timeout", 1);
        StreamExecutionEnvironment env = env("short-timeout", 1);
        env.getCheckpointConfig().setCheckpointTimeout(60_000);
        env.fromElements("a").uid("elements").sinkTo(exactlyOnceSink("short-timeout", "short-timeout", "60100"))
                .uid("sink");

        String message = failure(env.executeAsync().awaitResult());

        assertContains("KafkaSink: transaction.timeout.ms=60100 is not longer than the checkpoint interval plus the "
                + "checkpoint timeout (60100 ms)", message);
        assertEquals(List.of(), KafkaTesting.allTransactionalIds(servers, "short-timeout"), "nothing may be written");
    }

    @Test
    void whenTheTransactionTimeoutExceedsTheBrokersMaximum_thenTheSinkRefusesToStartNamingBoth() throws Exception {
        KafkaTesting.createTopic(broker, "long-timeout", 1);
        StreamExecutionEnvironment env = env("long-timeout", 1);
        env.fromElements("a").uid("elements").sinkTo(exactlyOnceSink("long-timeout", "long-timeout", "3600000"))
                .uid("sink");

        String message = failure(env.executeAsync().awaitResult());

        assertContains("KafkaSink: transaction.timeout.ms=3600000 is larger than the brokers' "
                + "transaction.max.timeout.ms=900000 at bootstrap.servers=" + servers, message);
        assertEquals(List.of(), KafkaTesting.allTransactionalIds(servers, "long-timeout"), "nothing may be written");
    }

    @Test
    void whenTheDefaultTransactionTimeoutIsUsed_thenItFitsTheDefaultBrokerAndAShortCheckpointInterval()
            throws Exception {
        KafkaTesting.createTopic(broker, "default-timeout", 1);
        StreamExecutionEnvironment env = env("default-timeout", 1);
        env.fromElements("a", "b").uid("elements").sinkTo(exactlyOnceSink("default-timeout", "default-timeout", null))
                .uid("sink");

        JobExecutionResult result = env.executeAsync().awaitResult();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(List.of("a", "b"), KafkaTestClients.readCommittedValues(servers, "default-timeout"));
    }

    // ---- refused when built ----

    @Test
    void whenExactlyOnceHasNoTransactionalIdPrefix_thenBuildRefusesIt() {
        KafkaSinkBuilder<String> builder = KafkaSink.<String>builder().setBootstrapServers(servers)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic("t")
                        .setValueSerializationSchema(new SimpleStringSchema()).build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);

        assertEquals("KafkaSink: EXACTLY_ONCE needs a transactional id prefix (setTransactionalIdPrefix) that no "
                + "other job or sink uses", e.getMessage());
        builder.setTransactionalIdPrefix(" ");
        assertThrows(IllegalArgumentException.class, builder::build);
    }

    @Test
    void whenAPropertyWeirControlsIsSet_thenBuildRefusesItNamingTheProperty() throws Exception {
        IllegalArgumentException transactionalId = assertThrows(IllegalArgumentException.class,
                () -> KafkaSink.<String>builder().setBootstrapServers(servers)
                        .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic("t")
                                .setValueSerializationSchema(new SimpleStringSchema()).build())
                        .setProperty("transactional.id", "mine").build());
        assertEquals("KafkaSink: property transactional.id is controlled by Weir; remove it and use "
                + "setTransactionalIdPrefix", transactionalId.getMessage());

        IllegalArgumentException isolation = assertThrows(IllegalArgumentException.class,
                () -> KafkaSource.<String>builder().setBootstrapServers(servers).setTopics("t")
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .setProperty("isolation.level", "read_uncommitted").build());
        assertEquals("KafkaSource: property isolation.level=read_uncommitted is not supported: Weir always reads "
                + "read_committed (isolation.level=read_committed); remove it", isolation.getMessage());
        KafkaSource.<String>builder().setBootstrapServers(servers).setTopics("t") // what Weir does anyway: accepted
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .setProperty("isolation.level", "read_committed").setProperty("enable.auto.commit", "false").build();

        IllegalArgumentException idempotence = assertThrows(IllegalArgumentException.class,
                () -> KafkaSink.<String>builder().setBootstrapServers(servers)
                        .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic("t")
                                .setValueSerializationSchema(new SimpleStringSchema()).build())
                        .setProperty("enable.idempotence", "false").build());
        assertEquals("KafkaSink: property enable.idempotence=false is not supported with AT_LEAST_ONCE, which needs "
                + "an idempotent producer; remove it", idempotence.getMessage());

        IllegalArgumentException committedWithoutGroup = assertThrows(IllegalArgumentException.class,
                () -> KafkaSource.<String>builder().setBootstrapServers(servers).setTopics("t")
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)).build());
        assertEquals("KafkaSource: committed offsets need a group id (setGroupId)",
                committedWithoutGroup.getMessage());
    }
}
