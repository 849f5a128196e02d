package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.kafka.broker.KafkaBrokerProcess;
import dev.weir.kafka.broker.KafkaTestClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Kafka → counts → Kafka job while its only broker goes away twice: first SIGKILLed (a crash,
 * no clean shutdown of the logs or the transaction coordinator), then stopped gracefully, each time
 * for about 2 s before it starts coming back on the same ports. The job, in this JVM, must finish
 * with every record exactly once in the output topic and no transaction left open: with the Kafka
 * clients' default timeouts it waits the outages out; with short ones it fails, and restarts (and
 * restores, committing the pending transactions) until the broker is back.
 */
class KafkaCountsBrokerRestartTest {
    private static final long RECORDS = 800_000;
    private static final long KEYS = 50;
    private static final String JOB = "kafka-counts-broker-restart";

    @TempDir
    Path dir;

    /** How long the job's Kafka clients wait for a broker that is away. */
    enum Timeouts {
        /** Kafka's defaults (request 30 s, delivery 120 s, blocking calls 60 s): the job rides the outages out. */
        DEFAULT(Map.of(), Map.of()),
        /** A few seconds: sends, flushes, commits and restores fail while the broker is away, and the job restarts. */
        SHORT(Map.of("request.timeout.ms", "1000", "default.api.timeout.ms", "3000"),
                Map.of("request.timeout.ms", "1000", "delivery.timeout.ms", "3000", "max.block.ms", "3000",
                        "default.api.timeout.ms", "3000"));

        final Map<String, String> source;
        final Map<String, String> sink;

        Timeouts(Map<String, String> source, Map<String, String> sink) {
            this.source = source;
            this.sink = sink;
        }
    }

    @ParameterizedTest(name = "{0} client timeouts")
    @EnumSource(Timeouts.class)
    void theBrokerCrashesAndStopsWhileTheJobRuns_theOutputTopicHasEveryRecordExactlyOnce(Timeouts timeouts)
            throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("broker"))) {
            String servers = broker.bootstrapServers();
            CountsKafka.createTopics(servers, 2, "restart-in", "restart-out");
            CountsKafka.preload(servers, "restart-in", RECORDS);
            Path checkpoints = dir.resolve("checkpoints");

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName(JOB);
            env.enableCheckpointing(100);
            env.getCheckpointConfig().setDirectory(checkpoints.toString());
            // While the broker is away the job may fail again and again (its restores need the broker).
            env.setRestartStrategy(RestartStrategy.fixedDelay(50, Duration.ofSeconds(1)));
            Counts.define(env, CountsKafka.source(servers, "restart-in", KEYS, timeouts.source), "kafka-source",
                    CountsKafka.sink(servers, "restart-out", timeouts.sink), "kafka-sink");
            JobClient job = env.executeAsync();

            JobExecutionResult result;
            try {
                List<String> outages = new ArrayList<>();
                for (String how : List.of("killed", "stopped")) {
                    // Progress first (two checkpoints, then one more), so that transactions are open,
                    // pre-committed and committing when the broker goes.
                    long before = CountsProcess.latestCompletedCheckpoint(checkpoints, JOB);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (CountsProcess.latestCompletedCheckpoint(checkpoints, JOB) < before + (before == 0 ? 2 : 1)) {
                        assertTrue(System.nanoTime() < deadline, "no progress of the job within 120 s before the broker "
                                + "was " + how);
                        Thread.sleep(5);
                    }
                    assertTrue(isRunning(job), "the job ended before the broker was " + how + "; make RECORDS larger");
                    long down = System.nanoTime();
                    if (how.equals("killed")) {
                        broker.kill();
                    } else {
                        broker.stop();
                    }
                    Thread.sleep(2_000);
                    broker.startAgain();
                    outages.add(String.format(Locale.ROOT, "%s at checkpoint %d, back after %d ms", how,
                            CountsProcess.latestCompletedCheckpoint(checkpoints, JOB),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down)));
                }

                result = job.awaitResult(Duration.ofMinutes(3));
                System.err.printf(Locale.ROOT, "kafka counts broker restart test, %s timeouts: %s; job %s in %d ms, %d restarts, "
                                + "%d of %d checkpoints completed%n", timeouts, outages, result.status(), result.duration().toMillis(),
                        result.restarts(), result.completedCheckpoints().size(), result.checkpoints().size());
            } finally {
                job.cancel(); // nothing if it ended; else it must not outlive the test (and its broker)
            }

            assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
            assertEquals(List.of(), CommittedOutput.checkTopic(servers, "restart-out", RECORDS, KEYS));
            assertEquals(List.of(), KafkaTestClients.openTransactions(servers, "weir-counts-"));
            if (timeouts == Timeouts.SHORT) {
                assertTrue(result.restarts() >= 1, "the job never failed: the outages tested no recovery");
            }
        }
    }

    private static boolean isRunning(JobClient job) throws InterruptedException {
        try {
            job.awaitResult(Duration.ZERO);
            return false;
        } catch (java.util.concurrent.TimeoutException e) {
            return true;
        }
    }
}
