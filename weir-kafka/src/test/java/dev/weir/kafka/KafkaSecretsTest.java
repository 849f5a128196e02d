package dev.weir.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.DeliveryGuarantee;
import dev.weir.api.connector.Sink;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.serialization.SimpleStringSchema;
import dev.weir.connector.CollectSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets in client properties (SASL JAAS config, key passwords) never appear in what Weir shows:
 * descriptions of sources and sinks, failure messages, log output. No broker: the failures are
 * those of an unreachable cluster, the error that prints the most configuration.
 */
class KafkaSecretsTest {
    private static final String SECRET = "s3cret";
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"weir\" password=\"" + SECRET + "\";";

    @TempDir
    Path dir;

    private static KafkaSource<String> source(String servers) {
        return KafkaSource.<String>builder()
                .setBootstrapServers(servers)
                .setTopics("secret-topic")
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .setProperty("security.protocol", "SASL_PLAINTEXT")
                .setProperty("sasl.mechanism", "PLAIN")
                .setProperty("sasl.jaas.config", JAAS)
                .setProperty("ssl.key.password", SECRET)
                .setProperty("default.api.timeout.ms", "1000") // fail fast
                .build();
    }

    private static Sink<String> sink(String servers, DeliveryGuarantee guarantee) {
        return KafkaSink.<String>builder()
                .setBootstrapServers(servers)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic("secret-out")
                        .setValueSerializationSchema(new SimpleStringSchema()).build())
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix("secret-job")
                .setProperty("security.protocol", "SASL_PLAINTEXT")
                .setProperty("sasl.mechanism", "PLAIN")
                .setProperty("sasl.jaas.config", JAAS)
                .setProperty("ssl.key.password", SECRET)
                .setProperty("default.api.timeout.ms", "1000") // fail fast
                .build();
    }

    @Test
    void whenSecretsAreSet_thenTheDescriptionsOfSourceAndSinksHideThemAndShowTheRest() throws Exception {
        List<String> descriptions = new ArrayList<>();
        descriptions.add(source("127.0.0.1:9").toString());
        for (DeliveryGuarantee guarantee : DeliveryGuarantee.values()) {
            descriptions.add(sink("127.0.0.1:9", guarantee).toString());
        }

        for (String description : descriptions) {
            assertFalse(description.contains(SECRET), description);
            assertFalse(description.contains("PlainLoginModule"), description);
            assertTrue(description.contains("sasl.jaas.config=[hidden]"), description);
            assertTrue(description.contains("ssl.key.password=[hidden]"), description);
            assertTrue(description.contains("bootstrap.servers=127.0.0.1:9"), description);
            assertTrue(description.contains("sasl.mechanism=PLAIN"), description);
        }
        assertEquals("KafkaSource{bootstrap.servers=127.0.0.1:9, default.api.timeout.ms=1000, sasl.jaas.config=[hidden], "
                + "sasl.mechanism=PLAIN, security.protocol=SASL_PLAINTEXT, ssl.key.password=[hidden]} topics "
                + "[secret-topic]", descriptions.get(0));
    }

    @Test
    void whenSecretPropertyNamesAreChecked_thenPasswordsKeysTokensAndJaasConfigsAreSecret() throws Exception {
        for (String key : List.of("sasl.jaas.config", "ssl.key.password", "ssl.keystore.password",
                "ssl.truststore.password", "ssl.keystore.key", "sasl.oauthbearer.token.endpoint.url.secret",
                "basic.auth.user.info.credential", "SSL.KEY.PASSWORD")) {
            assertTrue(KafkaClients.isSecret(key), key);
        }
        for (String key : List.of("bootstrap.servers", "sasl.mechanism", "security.protocol", "client.id")) {
            assertFalse(KafkaClients.isSecret(key), key);
        }
    }

    @Test
    void whenJobsWithSecretsFailToReachTheCluster_thenNeitherTheFailuresNorTheLogsShowTheSecrets() throws Exception {
        String nowhere = "127.0.0.1:" + KafkaTesting.closedPort();
        List<JobExecutionResult> results = new ArrayList<>();
        String printed = captureOutput(() -> {
            StreamExecutionEnvironment sourceJob = env("secret-source");
            sourceJob.fromSource(source(nowhere), WatermarkStrategy.noWatermarks(), "kafka").uid("kafka").sinkTo(new CollectSink<>()).uid("collect");
            results.add(sourceJob.executeAsync().awaitResult());
            for (DeliveryGuarantee guarantee : DeliveryGuarantee.values()) {
                StreamExecutionEnvironment sinkJob = env("secret-sink-" + guarantee);
                sinkJob.fromElements("a").uid("elements").sinkTo(sink(nowhere, guarantee)).uid("sink");
                results.add(sinkJob.executeAsync().awaitResult());
            }
        });

        assertEquals(4, results.size());
        for (JobExecutionResult result : results) {
            assertEquals(JobStatus.FAILED, result.status());
            String failure = KafkaTesting.fullText(result.failureCause());
            assertTrue(failure.contains("cannot reach the Kafka cluster at bootstrap.servers=" + nowhere), failure);
            assertFalse(failure.contains(SECRET), failure);
        }
        assertFalse(printed.contains(SECRET), printed);
        // The capture works: the clients' warnings about the unreachable address are in it.
        assertTrue(printed.contains(nowhere.substring(nowhere.indexOf(':'))), printed);
    }

    private StreamExecutionEnvironment env(String name) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setJobName(name);
        env.enableCheckpointing(100);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        return env;
    }

    /**
     * Runs {@code action} and returns everything printed meanwhile: standard output and error (Kafka's
     * slf4j-simple logger) and every java.util.logging record (Weir's logs) with its stack trace.
     */
    private static String captureOutput(ThrowingRunnable action) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        StringBuilder logs = new StringBuilder();
        SimpleFormatter formatter = new SimpleFormatter();
        Handler handler = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                logs.append(formatter.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(handler);
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(new TeeStream(out, capture), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new TeeStream(err, capture), true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.removeHandler(handler);
            root.setLevel(rootLevel);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        synchronized (handler) {
            return printed + "\n" + logs;
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Writes to both streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
