package dev.weir.flink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.examples.CountsCheck;
import dev.weir.examples.CountsKafka;
import dev.weir.examples.LineFiles;
import dev.weir.flink.cluster.FlinkJobClient;
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
        killOneTaskManager(client);
        JobExecutionResult result = client.getJobExecutionResult().get(150, TimeUnit.SECONDS);
        assertTrue(result.isSuccess(), () -> "the job should survive the lost TaskManager: " + result.failureCause());
        assertTrue(result.restarts() >= 1, "the result should count Flink's restart after the lost TaskManager");
        assertEquals(List.of(), CountsCheck.problemsInFiles(output, RECORDS, KEYS));
    }

    @Test
    void killingATaskManagerWhileCountsWritesToKafkaLeavesTheCommittedRecordsExact() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("broker"))) {
            String servers = broker.bootstrapServers();
            CountsKafka.createTopics(servers, 2, "counts-out");
            JobClient client = CountsProgram.build(args("--sink", "kafka", "--bootstrap-servers", servers,
                    "--topic", "counts-out")).executeAsync();
            await(this::aCheckpointCompleted, "a completed Flink checkpoint under " + dir.resolve("checkpoints"));
            killOneTaskManager(client);
            JobExecutionResult result = client.getJobExecutionResult().get(150, TimeUnit.SECONDS);
            assertTrue(result.isSuccess(), () -> "the job should survive the lost TaskManager: " + result.failureCause());
            assertTrue(result.restarts() >= 1, "the result should count Flink's restart after the lost TaskManager");
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

    /** SIGKILL (kill -9) to one of the job's two TaskManager JVMs; waits until it is gone. */
    private static void killOneTaskManager(JobClient client) throws Exception {
        assertFalse(client.getJobStatus().get(10, TimeUnit.SECONDS).isTerminalState(),
                "the job should still run when its TaskManager is killed");
        List<Long> pids = ((FlinkJobClient) client).cluster().taskManagerPids();
        assertEquals(2, pids.size(), "the runner's local cluster should run two TaskManager JVMs");
        ProcessHandle victim = busiest(pids);
        assertTrue(FlinkProcesses.commandLine(victim).contains("TaskManager"), FlinkProcesses.commandLine(victim));
        assertTrue(victim.destroyForcibly(), "SIGKILL to TaskManager " + victim.pid());
        victim.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(victim.isAlive());
        // Flink's failover: the job's exception history records the lost TaskManager while the job goes on
        String web = ((FlinkJobClient) client).getWebInterfaceURL();
        await(() -> failureRecorded(web), "the lost TaskManager in the job's exception history at " + web);
    }

    /**
     * The TaskManager that used the most CPU in the last half second: one that runs the job's tasks (Flink may put
     * all of a small job's slots on one TaskManager).
     */
    private static ProcessHandle busiest(List<Long> pids) throws InterruptedException {
        List<ProcessHandle> handles = pids.stream().map(pid -> ProcessHandle.of(pid).orElseThrow()).toList();
        long[] before = handles.stream().mapToLong(TaskManagerKillTest::cpuNanos).toArray();
        Thread.sleep(500);
        ProcessHandle busiest = handles.get(0);
        long most = -1;
        for (int i = 0; i < handles.size(); i++) {
            long used = cpuNanos(handles.get(i)) - before[i];
            if (used > most) {
                most = used;
                busiest = handles.get(i);
            }
        }
        return busiest;
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Whether the (only) job of the cluster at {@code web} has a failure in its exception history. */
    private static boolean failureRecorded(String web) {
        try {
            java.util.regex.Matcher jid = java.util.regex.Pattern.compile("\"jid\"\\s*:\\s*\"([0-9a-f]+)\"")
                    .matcher(get(web + "/jobs/overview"));
            return jid.find() && get(web + "/jobs/" + jid.group(1) + "/exceptions")
                    .matches("(?s).*\"entries\"\\s*:\\s*\\[\\s*\\{.*");
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String get(String url) throws java.io.IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Whether Flink has completed a checkpoint of the job: a {@code chk-N/_metadata} under the checkpoint directory. */
    private boolean aCheckpointCompleted() {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir.resolve("checkpoints"))) {
            return files.anyMatch(f -> f.getFileName().toString().equals("_metadata"));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false; // not there yet, or a checkpoint directory went while we looked
        }
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
