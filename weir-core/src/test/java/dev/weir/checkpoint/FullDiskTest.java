package dev.weir.checkpoint;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.eventtime.WatermarkStrategy;
import static dev.weir.testing.CountingJobs.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weir.api.CheckpointStats;
import dev.weir.api.Collector;
import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.testing.SimulatedFullDisk;
import dev.weir.runtime.JobExecution;
import dev.weir.testing.CommittedFiles;
import dev.weir.testing.CountingJobs;
import dev.weir.testing.CountingJobs.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk for checkpoints and for a file sink's output, mid-run: the job fails with a message
 * that names the path, the operation and the option to change; once space is freed, a restore of
 * the latest checkpoint commits every record exactly once. Each case runs twice: on a real 2 MiB
 * tmpfs the test mounts (skipped where mounting is not permitted) and, everywhere, under
 * {@link SimulatedFullDisk}, which fails writes with the JDK's {@code ENOSPC} message.
 */
class FullDiskTest {
    private static final long RECORDS = 30_000;
    private static final long KEYS = 30;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);
    private static final RestartStrategy RETRY_ONCE = RestartStrategy.fixedDelay(1, Duration.ofMillis(10));

    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null && run("umount", mounted.toString()) != null) {
            run("umount", "-l", mounted.toString()); // still busy: detach it now, the kernel frees it when idle
        }
    }

    /** "key,count" for each event: the committed output says which counts each key reached, once each. */
    static final class CountLines extends KeyedProcessFunction<Long, Event, String> {
        transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Event event, Context context, Collector<String> out) {
            Long c = count.value();
            long next = (c == null ? 0 : c) + 1;
            count.update(next);
            out.collect(event.key() + "," + next);
        }
    }

    /** The counting job; {@code slow}: a rate-limited source, so that the test can fill the disk mid-run. */
    private static StreamExecutionEnvironment job(Path checkpoints, Path out, boolean slow, RestartStrategy restarts) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("full-disk");
        env.enableCheckpointing(20);
        env.getCheckpointConfig().setDirectory(checkpoints.toString());
        env.setRestartStrategy(restarts);
        DataGeneratorSource<Event> source = slow ? events(RECORDS, KEYS, 0, 15_000) : events(RECORDS, KEYS, 0);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "events").uid("events")
                .keyBy(Event::key)
                .process(new CountLines()).uid("count")
                .sinkTo(CommittedFiles.<String>lineSink(out));
        return env;
    }

    private static List<String> expectedLines() {
        List<String> lines = new ArrayList<>();
        for (long key = 0; key < KEYS; key++) {
            for (long count = 1; count <= RECORDS / KEYS; count++) {
                lines.add(key + "," + count);
            }
        }
        lines.sort(null);
        return lines;
    }

    // ---- simulated (no mount needed) ----

    @Test
    void whenTheCheckpointDiskIsFull_thenTheJobFailsNamingTheFileAndTheOptions_andAfterFreeingItRestoresExactly()
            throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path out = dir.resolve("out");
        JobClient client = job(checkpoints, out, true, RestartStrategy.none()).executeAsync();
        awaitCheckpoints(client, 3);
        JobExecutionResult failed;
        try (SimulatedFullDisk.Fault full = SimulatedFullDisk.under(checkpoints)) {
            failed = CountingJobs.await(client, JOB_TIMEOUT);
        }
        String message = assertFailedNaming(failed, checkpoints.resolve("full-disk").toAbsolutePath() + "/chk-",
                "cannot write", "(checkpoints): ", "No space left on device", "0 bytes (simulated by a test) usable",
                "--checkpoint-dir", "getCheckpointConfig().setDirectory(..)", "--retained-checkpoints N",
                "setRetainedCheckpoints(n)", "--tolerable-failed-checkpoints N",
                "setTolerableCheckpointFailureNumber(n), default 0");
        System.out.println("full checkpoint disk (simulated): " + message);

        assertRestoresExactly(checkpoints, out);
    }

    @Test
    void whenTheOutputDiskIsFull_thenTheSinkFailsTheJobNamingThePartAndTheOption_andAfterFreeingItRestoresExactly()
            throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path out = dir.resolve("out");
        JobClient client = job(checkpoints, out, true, RestartStrategy.none()).executeAsync();
        awaitCheckpoints(client, 3);
        JobExecutionResult failed;
        try (SimulatedFullDisk.Fault full = SimulatedFullDisk.under(out)) {
            failed = CountingJobs.await(client, JOB_TIMEOUT);
        }
        String message = assertFailedNaming(failed, out.toAbsolutePath() + "/.part-", "cannot write",
                "(file sink output): ",
                "No space left on device", "0 bytes (simulated by a test) usable", "--output",
                "FileSink.forRowFormat(..)");
        System.out.println("full output disk (simulated): " + message);

        assertRestoresExactly(checkpoints, out);
    }

    @Test
    void whenFailedCheckpointsAreTolerated_thenTheJobRunsThroughAFullCheckpointDiskAndFinishesExactly()
            throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path out = dir.resolve("out");
        StreamExecutionEnvironment env = job(checkpoints, out, true, RestartStrategy.none());
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(1_000);
        JobClient client = env.executeAsync();
        awaitCheckpoints(client, 3);
        long failedBefore = failedCheckpoints(client);
        try (SimulatedFullDisk.Fault full = SimulatedFullDisk.under(checkpoints)) {
            long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
            while (failedCheckpoints(client) < failedBefore + 3) {
                assertTrue(System.nanoTime() < deadline, "no checkpoint failed on the full disk");
                Thread.sleep(2);
            }
        }
        JobExecutionResult result = CountingJobs.await(client, JOB_TIMEOUT);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(result.checkpoints().stream().anyMatch(c -> !c.completed()
                && c.failure().contains("No space left on device") && c.failure().contains(checkpoints.toString())),
                result.checkpoints()::toString);
        assertEquals(expectedLines(), CommittedFiles.sortedLines(out), "the output of the failed checkpoints is "
                + "committed with the next completed one, exactly once");
        assertEquals(List.of(), CommittedFiles.hidden(out));
    }

    private static long failedCheckpoints(JobClient client) {
        return ((JobExecution) client).checkpointStats().stream().filter(c -> !c.completed()).count();
    }

    // ---- a real small file system ----

    @Test
    void whenARealCheckpointFileSystemFillsUp_thenTheJobFailsNamingTheFileAndTheSpaceLeft_andRestoresExactly()
            throws Exception {
        Path small = mountSmallFileSystem();
        Path checkpoints = small.resolve("checkpoints");
        Path out = dir.resolve("out");
        // The restart meets the full disk too.
        JobClient client = job(checkpoints, out, true, RETRY_ONCE).executeAsync();
        awaitCheckpoints(client, 3);
        Path filler = fill(small);
        JobExecutionResult failed = CountingJobs.await(client, JOB_TIMEOUT);
        String message = assertFailedNaming(failed, checkpoints.resolve("full-disk").toAbsolutePath().toString(),
                "No space left on device", "usable on the file store of", "--checkpoint-dir",
                "--retained-checkpoints N", "--tolerable-failed-checkpoints N");
        System.out.println("full checkpoint disk (tmpfs): " + message);

        Files.delete(filler);
        assertRestoresExactly(checkpoints, out);
    }

    @Test
    void whenARealOutputFileSystemFillsUp_thenTheSinkFailsTheJobNamingThePart_andRestoresExactly() throws Exception {
        Path small = mountSmallFileSystem();
        Path checkpoints = dir.resolve("checkpoints");
        Path out = small.resolve("out");
        // The restart meets the full disk too.
        JobClient client = job(checkpoints, out, true, RETRY_ONCE).executeAsync();
        awaitCheckpoints(client, 3);
        Path filler = fill(small);
        JobExecutionResult failed = CountingJobs.await(client, JOB_TIMEOUT);
        String message = assertFailedNaming(failed, out.toAbsolutePath() + "/.part-", "(file sink output): ",
                "No space left on device", "usable on the file store of", "--output", "FileSink.forRowFormat(..)");
        System.out.println("full output disk (tmpfs): " + message);

        Files.delete(filler);
        assertRestoresExactly(checkpoints, out);
    }

    // ---- helpers ----

    private void assertRestoresExactly(Path checkpoints, Path out) throws Exception {
        StreamExecutionEnvironment restored = job(checkpoints, out, false, RestartStrategy.none()).restoreFrom("latest");
        JobExecutionResult result = CountingJobs.await(restored.executeAsync(), JOB_TIMEOUT);
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        List<String> committed = CommittedFiles.sortedLines(out);
        assertEquals(expectedLines().size(), committed.size(), "committed lines: nothing missing, nothing twice");
        assertEquals(expectedLines(), committed);
        assertEquals(List.of(), CommittedFiles.hidden(out), "no part is left in progress");
    }

    /** The whole failure chain of a failed job, asserted to contain each of {@code parts}. */
    private static String assertFailedNaming(JobExecutionResult result, String... parts) {
        assertEquals(JobStatus.FAILED, result.status(), () -> "the job should fail on the full disk: " + result);
        StringBuilder chain = new StringBuilder();
        for (Throwable t = result.failureCause(); t != null; t = t.getCause()) {
            chain.append(t.getMessage()).append(" | ");
        }
        String message = chain.toString();
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "the failure should name '" + part + "': " + message);
        }
        return message;
    }

    private static void awaitCheckpoints(JobClient client, int n) throws InterruptedException {
        JobExecution execution = (JobExecution) client;
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (execution.checkpointStats().stream().filter(CheckpointStats::completed).count() < n) {
            if (System.nanoTime() > deadline) {
                client.cancel();
                fail("fewer than " + n + " checkpoints completed within " + JOB_TIMEOUT);
            }
            Thread.sleep(2);
        }
    }

    /** A 2 MiB tmpfs under the test's directory; the test is skipped where mounting is not permitted. */
    private Path mountSmallFileSystem() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        String refused = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.toString());
        Assumptions.assumeTrue(refused == null, () -> "skipped: this machine does not let the test mount a "
                + "small tmpfs (" + refused + "); the simulated full-disk tests cover the same messages");
        mounted = small;
        return small;
    }

    /** Writes a file until the file system is full; returns it (delete it to free the space). */
    private static Path fill(Path fileSystem) throws IOException {
        Path filler = fileSystem.resolve("filler");
        byte[] block = new byte[64 * 1024];
        try (OutputStream stream = Files.newOutputStream(filler)) {
            while (true) {
                stream.write(block);
            }
        } catch (IOException e) {
            assertTrue(String.valueOf(e.getMessage()).contains("No space left on device"), e::toString);
        }
        return filler;
    }

    /** Runs a command; null if it succeeded, otherwise what went wrong. */
    private static String run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes()).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not end in 30 s";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + ": exit " + process.exitValue() + " "
                + output;
    }
}
