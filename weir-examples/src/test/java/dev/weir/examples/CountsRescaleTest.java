package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.CheckpointStats;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.runtime.JobExecution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts job stopped at parallelism 2 and resumed from its latest checkpoint at another
 * parallelism: keyed state moves by key group, the source ranges move with their splits, and the
 * file sink's pending transactions of the old subtasks are committed by the new ones while the
 * leftovers of all old subtasks are deleted. The committed output must be exact.
 */
class CountsRescaleTest {
    private static final long RECORDS = 200_000;
    private static final long KEYS = 50;
    private static final long RATE = 50_000; // the first run would take 4 s: it is stopped long before

    @TempDir
    Path dir;

    @Test
    void whenCancelledAtParallelism2AndResumedAt3_thenTheCommittedOutputIsExact() throws Exception {
        runUntilTwoCheckpointsThenCancel();

        JobExecutionResult resumed = resume(3);

        assertEquals(JobStatus.FINISHED, resumed.status(), () -> String.valueOf(resumed.failureCause()));
        assertEquals(List.of(), CommittedOutput.check(output(), RECORDS, KEYS));
        assertEquals(0, CommittedOutput.hiddenFiles(output()), "in-progress files left behind");
        assertTrue(committedNames().stream().anyMatch(n -> n.startsWith("part-2-")),
                "the third subtask of the resumed run committed nothing: " + committedNames());
    }

    @Test
    void whenCancelledAtParallelism2AndResumedAt1_thenTheCommittedOutputIsExact() throws Exception {
        runUntilTwoCheckpointsThenCancel();

        JobExecutionResult resumed = resume(1);

        assertEquals(JobStatus.FINISHED, resumed.status(), () -> String.valueOf(resumed.failureCause()));
        assertEquals(List.of(), CommittedOutput.check(output(), RECORDS, KEYS));
        assertEquals(0, CommittedOutput.hiddenFiles(output()), "in-progress files left behind");
    }

    @Test
    void whenTheJobDiesBeforeTheCommitNotification_thenTheResumedRunAt3CommitsTheOldSubtasksPendingTransactions()
            throws Exception {
        FailsAfterMetadata fault = new FailsAfterMetadata(2);
        StreamExecutionEnvironment env = environment(2);
        env.setFaultInjector(fault);
        Counts.define(env, RECORDS, KEYS, RATE, output());
        JobExecutionResult first = env.executeAsync().awaitResult(); // no restart strategy: the job fails

        assertEquals(JobStatus.FAILED, first.status());
        assertTrue(fault.failedAfter() >= 2);
        List<String> pendingParts = hiddenNames();
        assertTrue(pendingParts.stream().anyMatch(n -> n.startsWith(".part-0-"))
                        && pendingParts.stream().anyMatch(n -> n.startsWith(".part-1-")),
                "both old subtasks should have a pre-committed, uncommitted part: " + pendingParts);
        assertFalse(CommittedOutput.check(output(), RECORDS, KEYS).isEmpty(), "the first run must not be complete");

        JobExecutionResult resumed = resume(3);

        assertEquals(JobStatus.FINISHED, resumed.status(), () -> String.valueOf(resumed.failureCause()));
        for (String part : List.of(firstPart(pendingParts, 0), firstPart(pendingParts, 1))) {
            assertFalse(Files.exists(output().resolve(part)), part + " was neither committed nor cleaned up");
        }
        List<String> committed = committedNames();
        assertTrue(committed.contains("part-0-" + fault.failedAfter() + "-0")
                        && committed.contains("part-1-" + fault.failedAfter() + "-0"),
                "the transactions of checkpoint " + fault.failedAfter() + " must be committed: " + committed);
        assertEquals(List.of(), CommittedOutput.check(output(), RECORDS, KEYS));
        assertEquals(0, CommittedOutput.hiddenFiles(output()), "in-progress files left behind");
    }

    // ---- helpers ----

    private Path output() {
        return dir.resolve("output");
    }

    private StreamExecutionEnvironment environment(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism).setJobName("counts");
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        return env;
    }

    /** The rate-limited job at parallelism 2, cancelled once two checkpoints have completed. */
    private void runUntilTwoCheckpointsThenCancel() throws Exception {
        StreamExecutionEnvironment env = environment(2);
        Counts.define(env, RECORDS, KEYS, RATE, output());
        JobExecution job = (JobExecution) env.executeAsync();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (completed(job.checkpointStats()) < 2) {
            assertTrue(System.nanoTime() < deadline, "no two completed checkpoints within 20 s");
            Thread.sleep(5);
        }
        job.cancel();
        JobExecutionResult first = job.awaitResult(Duration.ofSeconds(20));
        assertEquals(JobStatus.CANCELED, first.status(), "the first run must be stopped before its end");
        assertFalse(CommittedOutput.check(output(), RECORDS, KEYS).isEmpty(), "the first run must not be complete");
    }

    private JobExecutionResult resume(int parallelism) {
        StreamExecutionEnvironment env = environment(parallelism).restoreFrom("latest");
        Counts.define(env, RECORDS, KEYS, 0, output());
        return env.execute();
    }

    private static long completed(List<CheckpointStats> stats) {
        return stats.stream().filter(CheckpointStats::completed).count();
    }

    private static String firstPart(List<String> hidden, int subtask) {
        return hidden.stream().filter(n -> n.startsWith(".part-" + subtask + "-")).findFirst().orElseThrow();
    }

    private List<String> committedNames() throws IOException {
        return names().stream().filter(n -> !n.startsWith(".")).toList();
    }

    private List<String> hiddenNames() throws IOException {
        return names().stream().filter(n -> n.startsWith(".")).toList();
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(output())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
