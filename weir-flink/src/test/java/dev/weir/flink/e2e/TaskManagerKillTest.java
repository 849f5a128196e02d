package dev.weir.flink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.examples.CountsCheck;
import dev.weir.examples.CountsKafka;
import dev.weir.examples.LineFiles;
import dev.weir.kafka.broker.KafkaBrokerProcess;
import dev.weir.kafka.broker.KafkaTestClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of one of the two TaskManager JVMs while {@code counts} runs on Weir's Flink runner: Flink's
 * failover restores the job from its last checkpoint on the TaskManager that is left, and Weir's exactly-once
 * sinks (as Flink Sink V2 with a committer) leave the committed output exact: every seq once, counts 1..n per key.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TaskManagerKillTest {
    private static final long RECORDS = 60_000;
    private static final long KEYS = 100;
    /** Records per second: the job runs ~12 s, long enough to kill a TaskManager in the middle. */
    private static final long RATE = 5_000;

    @TempDir
    Path dir;

    @AfterEach
    void noFlinkProcessIsLeft() throws InterruptedException {
        assertEquals(List.of(), FlinkProcesses.endLeftovers(Duration.ofSeconds(20)),
                "the Flink runner's local cluster should stop when its job ends");
    }

    @Test
    void killingATaskManagerWhileCountsWritesExactlyOnceFilesLeavesEverySeqOnceAndEveryCountOnce() throws Exception {
        Path output = dir.resolve("output");
        JobClient client = CountsProgram.build(args("--output", output.toString())).executeAsync();
        await(() -> hasCommittedFiles(output), "a first checkpoint's committed files in " + output);
        killOneTaskManager();
        JobExecutionResult result = client.getJobExecutionResult().get(150, TimeUnit.SECONDS);
        assertTrue(result.isSuccess(), () -> "the job should survive the lost TaskManager: " + result.failureCause());
        assertEquals(List.of(), CountsCheck.problemsInFiles(output, RECORDS, KEYS));
    }

    @Test
    void killingATaskManagerWhileCountsWritesToKafkaLeavesTheCommittedRecordsExact() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("broker"))) {
            String servers = broker.bootstrapServers();
            CountsKafka.createTopics(servers, 2, "counts-out");
            JobClient client = CountsProgram.build(args("--sink", "kafka", "--bootstrap-servers", servers,
                    "--topic", "counts-out")).executeAsync();
            await(() -> !KafkaTestClients.readCommittedValues(servers, "counts-out").isEmpty(),
                    "committed records in topic counts-out");
            killOneTaskManager();
            JobExecutionResult result = client.getJobExecutionResult().get(150, TimeUnit.SECONDS);
            assertTrue(result.isSuccess(), () -> "the job should survive the lost TaskManager: " + result.failureCause());
            assertEquals(List.of(), CountsCheck.problems(KafkaTestClients.readCommittedValues(servers, "counts-out"),
                    RECORDS, KEYS));
        }
    }

    private String[] args(String... sink) {
        List<String> args = new java.util.ArrayList<>(List.of("--runner", "flink", "--taskmanagers", "2",
                "--records", "" + RECORDS, "--keys", "" + KEYS, "--rate", "" + RATE,
                "--checkpoint-dir", dir.resolve("checkpoints").toString(), "--checkpoint-interval-ms", "500"));
        args.addAll(List.of(sink));
        return args.toArray(String[]::new);
    }

    /** SIGKILL (kill -9) to one of the TaskManager JVMs; waits until it is gone. */
    private static void killOneTaskManager() throws Exception {
        List<ProcessHandle> taskManagers = FlinkProcesses.taskManagers();
        assertEquals(2, taskManagers.size(), "the runner's local cluster should run two TaskManager JVMs");
        ProcessHandle victim = taskManagers.get(0);
        assertTrue(victim.destroyForcibly(), "SIGKILL to TaskManager " + victim.pid());
        victim.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(victim.isAlive());
    }

    private static boolean hasCommittedFiles(Path output) {
        try {
            return LineFiles.hasCommittedFiles(output);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 90 s in vain for " + what);
            }
            Thread.sleep(100);
        }
    }
}
