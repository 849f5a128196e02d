package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionException;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.SavepointFormatType;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.spi.JobSpec;
import dev.weir.checkpoint.CheckpointMetadata;
import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.checkpoint.CheckpointToRestore;
import dev.weir.checkpoint.CompletedCheckpoint;
import dev.weir.checkpoint.OperatorStateHandles;
import dev.weir.checkpoint.SubtaskStateHandle;
import dev.weir.runtime.JobExecution;
import dev.weir.runtime.monitor.CheckpointStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoints of the counts job through {@code JobClient}: stop-with-savepoint ends the job FINISHED
 * with its output committed up to the savepoint, and a restore from the savepoint (at another
 * parallelism, from a moved directory) completes the output exactly; an intermediate savepoint
 * outlives the checkpoints after it and is never what {@code --restore latest} picks.
 */
class CountsSavepointTest {
    private static final long RECORDS = 200_000;
    private static final long KEYS = 50;
    private static final long RATE = 50_000; // 4 s of input: stopped long before its end
    private static final Pattern PART = Pattern.compile("part-\\d+-(\\d+)-\\d+");

    @TempDir
    Path dir;

    @Test
    void whenStoppedWithASavepointOnTheHeapAtParallelism2_thenTheJobFinishesAndARestoreAt3OnRocksDBCompletesTheOutputExactly()
            throws Exception {
        JobExecution job = start(2, "heap");
        awaitCompletedCheckpoints(job, 2);

        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toString(),
                SavepointFormatType.DEFAULT).get(30, TimeUnit.SECONDS);

        JobExecutionResult stopped = job.awaitResult(Duration.ofSeconds(10));
        assertEquals(JobStatus.FINISHED, stopped.status(), () -> String.valueOf(stopped.failureCause()));
        assertEquals(JobStatus.FINISHED, job.getJobStatus().get());
        assertEquals(JobStatus.FINISHED, job.getJobExecutionResult().get().status());
        Path savepointDir = Path.of(savepoint);
        assertEquals(dir.resolve("savepoints"), savepointDir.getParent());
        assertTrue(savepointDir.getFileName().toString().matches("savepoint-" + job.getJobID().toHexString()
                .substring(0, 6) + "-\\d+"), savepoint);
        assertFalse(CommittedOutput.check(output(), RECORDS, KEYS).isEmpty(), "the job must stop before its end");
        assertEquals(0, CommittedOutput.hiddenFiles(output()), "the final savepoint's transactions must be committed");
        assertSelfContained(savepointDir);
        assertTrue(job.checkpointHistory().stream().anyMatch(c -> c.kind() == CheckpointStats.Kind.SAVEPOINT
                && c.status() == CheckpointStats.Status.COMPLETED && savepoint.equals(c.path())), "history");

        JobExecutionResult resumed = resume(3, "rocksdb", savepoint);

        assertEquals(JobStatus.FINISHED, resumed.status(), () -> String.valueOf(resumed.failureCause()));
        assertEquals(List.of(), CommittedOutput.check(output(), RECORDS, KEYS));
        assertEquals(0, CommittedOutput.hiddenFiles(output()), "in-progress files left behind");
    }

    @Test
    void whenStoppedWithASavepointOnRocksDB_thenItIsCanonicalAndARestoreAt1OnTheHeapCompletesTheOutputExactly()
            throws Exception {
        JobExecution job = start(2, "rocksdb");
        awaitCompletedCheckpoints(job, 2);

        String savepoint = job.stopWithSavepoint(false, null, SavepointFormatType.CANONICAL).get(30, TimeUnit.SECONDS);

        assertEquals(JobStatus.FINISHED, job.awaitResult(Duration.ofSeconds(10)).status());
        assertTrue(Path.of(savepoint).startsWith(dir.resolve("checkpoints").resolve("counts").resolve("savepoints")),
                "without a directory the savepoint goes under the job's checkpoint directory: " + savepoint);
        assertSelfContained(Path.of(savepoint));
        CheckpointMetadata metadata = CheckpointMetadata.read(Path.of(savepoint).resolve(CheckpointMetadata.FILE_NAME));
        assertTrue(metadata.operators().stream().flatMap(o -> o.subtasks().stream())
                .filter(s -> s.keyedFile() != null).allMatch(s -> s.keyedFile().endsWith(".keyed")
                        && s.sharedFiles().isEmpty()), "RocksDB's savepoint must be in the canonical format: " + metadata);
        JobExecutionResult resumed = resume(1, "heap", savepoint);

        assertEquals(JobStatus.FINISHED, resumed.status(), () -> String.valueOf(resumed.failureCause()));
        assertEquals(List.of(), CommittedOutput.check(output(), RECORDS, KEYS));
    }

    @Test
    void whenASavepointIsTriggeredWhileRunning_thenTheJobGoesOnTheSavepointOutlivesLaterCheckpointsAndRestoresFromElsewhere()
            throws Exception {
        JobExecution job = start(2, "heap");
        awaitCompletedCheckpoints(job, 1);

        String savepoint = job.triggerSavepoint(dir.resolve("savepoints").toString(), SavepointFormatType.DEFAULT)
                .get(30, TimeUnit.SECONDS);
        long savepointId = Long.parseLong(savepoint.substring(savepoint.lastIndexOf('-') + 1));

        assertEquals(JobStatus.RUNNING, job.getJobStatus().get());
        long completedBefore = completed(job);
        await(() -> completed(job) >= completedBefore + 5, "five checkpoints after the savepoint");
        assertTrue(Files.exists(Path.of(savepoint).resolve(CheckpointMetadata.FILE_NAME)),
                "retention must not delete the savepoint");
        job.cancel().get(20, TimeUnit.SECONDS);
        assertEquals(JobStatus.CANCELED, job.getJobStatus().get());
        ExecutionException notFinished = assertThrows(ExecutionException.class, () -> job.getJobExecutionResult().get());
        assertTrue(notFinished.getCause() instanceof JobExecutionException, String.valueOf(notFinished.getCause()));

        CompletedCheckpoint latest = CheckpointToRestore.choose("counts", new JobSpec.RestoreSettings("latest",
                false, false), new CheckpointStorage(dir.resolve("checkpoints"), "counts"), dir.resolve("checkpoints"));
        assertTrue(latest.checkpointDirectory().getFileName().toString().startsWith("chk-"),
                "--restore latest must pick a checkpoint, never the savepoint: " + latest.checkpointDirectory());
        assertTrue(latest.checkpointId() > savepointId);

        Path moved = dir.resolve("elsewhere").resolve("my-savepoint");
        Files.createDirectories(moved.getParent());
        Files.move(Path.of(savepoint), moved);
        rewindOutputTo(savepointId); // the output the job committed after the savepoint: a restore writes it again
        JobExecutionResult resumed = resume(3, "heap", moved.toString());

        assertEquals(JobStatus.FINISHED, resumed.status(), () -> String.valueOf(resumed.failureCause()));
        assertEquals(List.of(), CommittedOutput.check(output(), RECORDS, KEYS));
    }

    @Test
    void whenStoppedWithDrain_thenTheInputEndsTheJobFinishesAndARestoreAt1CompletesTheOutputExactly() throws Exception {
        JobExecution job = start(2, "heap");
        awaitCompletedCheckpoints(job, 1);

        String savepoint = job.stopWithSavepoint(true, dir.resolve("savepoints").toString(),
                SavepointFormatType.DEFAULT).get(30, TimeUnit.SECONDS);

        assertEquals(JobStatus.FINISHED, job.awaitResult(Duration.ofSeconds(10)).status());
        assertFalse(CommittedOutput.check(output(), RECORDS, KEYS).isEmpty(), "the job must stop before its end");
        assertEquals(0, CommittedOutput.hiddenFiles(output()), "the final savepoint's transactions must be committed");
        assertSelfContained(Path.of(savepoint));
        JobExecutionResult resumed = resume(1, "heap", savepoint);

        assertEquals(JobStatus.FINISHED, resumed.status(), () -> String.valueOf(resumed.failureCause()));
        assertEquals(List.of(), CommittedOutput.check(output(), RECORDS, KEYS));
    }

    @Test
    void theCheckpointHistoryHoldsIdsStatusesAndSizes() throws Exception {
        JobExecution job = start(2, "heap");
        awaitCompletedCheckpoints(job, 3);
        Files.writeString(dir.resolve("not-a-directory"), "x");
        ExecutionException failed = assertThrows(ExecutionException.class, () -> job.triggerSavepoint(
                dir.resolve("not-a-directory").toString(), SavepointFormatType.DEFAULT).get(30, TimeUnit.SECONDS));
        job.cancel().get(20, TimeUnit.SECONDS);

        List<CheckpointStats> history = job.checkpointHistory();
        List<CheckpointStats> completed = history.stream()
                .filter(c -> c.status() == CheckpointStats.Status.COMPLETED).toList();
        assertTrue(completed.size() >= 3, history.toString());
        for (int i = 1; i < history.size(); i++) {
            assertTrue(history.get(i).id() > history.get(i - 1).id(), history.toString());
        }
        for (CheckpointStats c : completed) {
            assertTrue(c.stateSize() > 0 && c.incrementalSize() > 0 && c.triggerTimestamp() > 0, c.toString());
            assertNotNull(c.path(), c.toString());
        }
        CheckpointStats failedSavepoint = history.stream().filter(c -> c.kind() == CheckpointStats.Kind.SAVEPOINT)
                .findFirst().orElseThrow(() -> new AssertionError("no savepoint in " + history));
        assertEquals(CheckpointStats.Status.FAILED, failedSavepoint.status());
        assertTrue(failedSavepoint.failureMessage().contains("not-a-directory"), failedSavepoint.failureMessage());
        assertTrue(failed.getCause().getMessage().contains("not-a-directory"), failed.getCause().getMessage());
        assertEquals(List.of(), job.exceptions());
    }

    @Test
    void whenARunFails_thenTheExceptionsNameItWithItsStackTrace() throws Exception {
        StreamExecutionEnvironment env = environment(2, "heap");
        env.setFaultInjector(new FailsAfterMetadata(2));
        Counts.define(env, RECORDS, KEYS, RATE, output());
        JobExecution job = (JobExecution) env.executeAsync();

        JobExecutionResult failed = job.awaitResult(Duration.ofSeconds(20));

        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals(1, job.exceptions().size(), job.exceptions().toString());
        dev.weir.runtime.monitor.JobException e = job.exceptions().get(0);
        assertEquals(failed.failureCause().getMessage(), e.message());
        assertTrue(e.timestamp() > 0 && e.stackTrace().contains("\tat "), e.toString());
        assertTrue(job.checkpointHistory().stream().anyMatch(c -> c.status() == CheckpointStats.Status.COMPLETED),
                "the history of an ended run is kept");
    }

    // ---- helpers ----

    private Path output() {
        return dir.resolve("output");
    }

    private StreamExecutionEnvironment environment(int parallelism, String state) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment()
                .setParallelism(parallelism).setJobName("counts");
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.setStateBackend(StateBackendOption.of(state, true));
        return env;
    }

    private JobExecution start(int parallelism, String state) {
        StreamExecutionEnvironment env = environment(parallelism, state);
        Counts.define(env, RECORDS, KEYS, RATE, output());
        return (JobExecution) env.executeAsync();
    }

    private JobExecutionResult resume(int parallelism, String state, String savepoint) {
        StreamExecutionEnvironment env = environment(parallelism, state).restoreFrom(savepoint);
        Counts.define(env, RECORDS, KEYS, 0, output());
        return env.execute();
    }

    private static long completed(JobExecution job) {
        return job.checkpointHistory().stream().filter(c -> c.kind() == CheckpointStats.Kind.CHECKPOINT
                && c.status() == CheckpointStats.Status.COMPLETED).count();
    }

    private static void awaitCompletedCheckpoints(JobExecution job, int n) throws InterruptedException {
        await(() -> completed(job) >= n, n + " completed checkpoints");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "no " + what + " within 20 s");
            Thread.sleep(5);
        }
    }

    /** Deletes the committed parts of checkpoints after {@code checkpointId} (their names carry its id). */
    private void rewindOutputTo(long checkpointId) throws IOException {
        try (Stream<Path> files = Files.list(output())) {
            for (Path file : files.toList()) {
                Matcher m = PART.matcher(file.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) > checkpointId) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Every file the savepoint's metadata names is inside its directory (and exists). */
    private static void assertSelfContained(Path savepoint) throws IOException {
        CheckpointMetadata metadata = CheckpointMetadata.read(savepoint.resolve(CheckpointMetadata.FILE_NAME));
        assertTrue(metadata.savepoint());
        int files = 0;
        for (OperatorStateHandles op : metadata.operators()) {
            for (SubtaskStateHandle s : op.subtasks()) {
                for (String file : s.files()) {
                    Path resolved = savepoint.resolve(file).normalize();
                    assertTrue(resolved.startsWith(savepoint) && Files.isRegularFile(resolved),
                            "savepoint file " + file + " is not inside " + savepoint);
                    files++;
                }
            }
        }
        assertTrue(files > 0, "the savepoint holds no state file");
        try (Stream<Path> all = Files.walk(savepoint)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().endsWith(".rocks")) { // RocksDB manifests name files too
                    String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertFalse(text.contains("chk-") || text.contains("../"), "manifest " + f
                            + " refers outside the savepoint");
                }
            }
        }
    }
}
