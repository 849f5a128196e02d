package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.checkpoint.CheckpointMetadata;
import dev.weir.kafka.broker.KafkaTestClients;
import dev.weir.kafka.broker.LocalKafkaBroker;
import dev.weir.api.testing.FaultInjector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("kafka-counts-faults");
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.setRestartStrategy(RestartStrategy.fixedDelay(10, Duration.ofMillis(1)));
        ThreeFaults faults = new ThreeFaults(point);
        env.setFaultInjector(faults);
        Counts.define(env, CountsKafka.source(servers, in, KEYS), "kafka-source", CountsKafka.sink(servers, out),
                "kafka-sink");

        JobExecutionResult result = env.execute();
        System.err.printf(Locale.ROOT, "kafka counts faults at %s: %s in %d ms, %d restarts, %d of %d checkpoints "
                        + "completed%n", point, result.status(), result.duration().toMillis(), result.restarts(),
                result.completedCheckpoints().size(), result.checkpoints().size());

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(3, faults.injected(), "faults injected at " + point);
        assertEquals(3, result.restarts());
        assertEquals(List.of(), CommittedOutput.checkTopic(servers, out, records, KEYS));
        assertEquals(List.of(), KafkaTestClients.openTransactions(servers, "weir-counts-"));
        assertTrue(result.completedCheckpoints().size() >= 2);
    }

    /**
     * {@code Counts} in a child JVM reading and writing Kafka, SIGKILLed again and again and restarted
     * with {@code --restore latest} each time; the broker lives in this JVM and outlives every run.
     * Most runs are killed at a random moment after they completed a checkpoint of their own (so the
     * job makes progress); every third run is killed at a random moment of its first 1.5 s, which
     * may be while it starts, restores, commits the restored transactions or aborts leftovers.
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
        Random random = new Random(20261127);
        int kills = 0;
        int leftOpen = 0;
        List<String> runs = new ArrayList<>();
        for (int run = 0; run < 10 && kills < 7; run++) {
            Path log = dir.resolve("run-" + run + ".log");
            long before = latestCompletedCheckpoint(checkpoints);
            long started = System.nanoTime();
            Process process = start(servers, in, out, records, checkpoints, log);
            long waitMs;
            if (run % 3 == 1) {
                waitMs = 200 + random.nextInt(1300);
            } else {
                // Until the run completed a checkpoint of its own (60 s at most on a loaded machine).
                long deadline = started + TimeUnit.SECONDS.toNanos(60);
                while (process.isAlive() && latestCompletedCheckpoint(checkpoints) <= before
                        && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                waitMs = random.nextInt(800);
            }
            if (process.waitFor(waitMs, TimeUnit.MILLISECONDS)) {
                runs.add("run " + run + " exited with " + process.exitValue());
                assertEquals(0, process.exitValue(), () -> "run failed: " + read(log));
                break; // finished before the kill: nothing more to do
            }
            process.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing, transactions left open
            process.waitFor();
            kills++;
            int open = KafkaTestClients.openTransactions(servers, "weir-counts-" + out + "-").size();
            leftOpen += open;
            runs.add(String.format(Locale.ROOT, "run %d killed after %d ms (checkpoints %d -> %d, %d transactions "
                            + "open after the kill)", run, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), before,
                    latestCompletedCheckpoint(checkpoints), open));
        }
        Path finalLog = dir.resolve("final.log");
        Process last = start(servers, in, out, records, checkpoints, finalLog);
        assertTrue(last.waitFor(180, TimeUnit.SECONDS), "the final run did not finish");
        assertEquals(0, last.exitValue(), () -> "final run failed: " + read(finalLog));
        System.err.println("kafka counts crash test: " + runs + "; final run: " + read(finalLog).lines()
                .filter(l -> l.startsWith("counts: finished")).findFirst().orElse("?"));

        assertEquals(List.of(), CommittedOutput.checkTopic(servers, out, records, KEYS));
        assertEquals(List.of(), KafkaTestClients.openTransactions(servers, "weir-counts-"));
        assertTrue(kills >= 5, "only " + kills + " kills happened (" + runs + "); the job ran too fast to test crashes");
        assertTrue(leftOpen > 0, "no transaction was open after any kill, so recovery never had to abort one: " + runs);
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

    /** The highest id of a complete checkpoint (with metadata) of the counts job, or 0. */
    static long latestCompletedCheckpoint(Path checkpoints) {
        return latestCompletedCheckpoint(checkpoints, "counts");
    }

    /** The highest id of a complete checkpoint (with metadata) of the job, or 0. */
    static long latestCompletedCheckpoint(Path checkpoints, String jobName) {
        Path job = checkpoints.resolve(jobName);
        if (!Files.isDirectory(job)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(job)) {
            return dirs.filter(d -> d.getFileName().toString().matches("chk-\\d+") && Files.exists(d.resolve(CheckpointMetadata.FILE_NAME)))
                    .mapToLong(d -> Long.parseLong(d.getFileName().toString().substring(4)))
                    .max().orElse(0);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0; // a directory deleted while listing: ask again
        }
    }


    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (java.io.IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
