package dev.weir.checkpoint;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.eventtime.WatermarkStrategy;
import static dev.weir.testing.CountingJobs.events;
import static dev.weir.testing.CountingJobs.expectedCounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weir.api.CheckpointStats;
import dev.weir.api.CheckpointingMode;
import dev.weir.api.DataStream;
import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichMapFunction;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.testing.FaultInjector;
import dev.weir.runtime.JobExecution;
import dev.weir.state.OperatorStateBackend;
import dev.weir.state.serialization.Serializers;
import dev.weir.testing.CountingJobs.CountPerKey;
import dev.weir.testing.CountingJobs.Event;
import dev.weir.testing.CountingJobs.FailAtRecord;
import dev.weir.testing.CountingJobs;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole jobs restored from checkpoints: after a stop, at another parallelism, after failures, with
 * several inputs and inputs that end early, and the ways a restore or a checkpoint can be refused.
 */
class RecoveryTest {
    private static final Duration INTERVAL = Duration.ofMillis(20);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** Passes records on; counts the subtasks that closed in the first attempt and notes when. */
    static final class NoteClose extends RichMapFunction<Event, Event> {
        final AtomicInteger closed;
        final AtomicLong closedAt;
        transient boolean firstAttempt;

        NoteClose(AtomicInteger closed, AtomicLong closedAt) {
            this.closed = closed;
            this.closedAt = closedAt;
        }

        @Override
        public void open(OpenContext openContext) {
            firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
        }

        @Override
        public Event map(Event value) {
            return value;
        }

        @Override
        public void close() {
            if (firstAttempt) {
                closedAt.accumulateAndGet(System.currentTimeMillis(), Math::max);
                closed.incrementAndGet();
            }
        }
    }

    private static StreamExecutionEnvironment environment(String job, int parallelism, Path checkpoints) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism).setJobName(job);
        env.enableCheckpointing(INTERVAL.toMillis());
        env.getCheckpointConfig().setDirectory(checkpoints.toString());
        return env;
    }

    /** events (uid "events") → keyBy → count (uid {@code countUid}) → sink. */
    private static void countJob(StreamExecutionEnvironment env, DataGeneratorSource<Event> source, Map<Long, Long> counts,
                                 String countUid) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "events").uid("events")
                .keyBy(Event::key)
                .process(new CountPerKey(counts)).uid(countUid)
                .sinkTo(value -> { });
    }

    private static JobExecutionResult execute(StreamExecutionEnvironment env) throws InterruptedException {
        return await(env.executeAsync());
    }

    /** Waits until the job has completed {@code n} checkpoints, then cancels it. */
    private static JobExecutionResult cancelAfterCheckpoints(JobClient client, int n) throws InterruptedException {
        JobExecution execution = (JobExecution) client;
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (execution.checkpointStats().stream().filter(CheckpointStats::completed).count() < n) {
            if (System.nanoTime() > deadline) {
                client.cancel();
                fail("fewer than " + n + " checkpoints completed within " + JOB_TIMEOUT + ": "
                        + execution.checkpointStats());
            }
            Thread.sleep(2);
        }
        client.cancel();
        JobExecutionResult result = await(client);
        assertEquals(JobStatus.CANCELED, result.status(), () -> "the job ended before it was cancelled: " + result);
        assertTrue(result.completedCheckpoints().size() >= n, result.checkpoints()::toString);
        return result;
    }

    /** Records the source "events" had still to emit, according to the latest checkpoint of {@code job}. */
    private static long remainingInLatestCheckpoint(Path checkpoints, String job) throws IOException {
        CompletedCheckpoint checkpoint = new CheckpointStorage(checkpoints, job).latestCompleted();
        assertNotNull(checkpoint, "no completed checkpoint of " + job);
        return remainingIn(checkpoint);
    }

    private static long remainingIn(CompletedCheckpoint checkpoint) throws IOException {
        OperatorStateHandles source = checkpoint.metadata().operators().stream()
                .filter(op -> op.uid().equals("events")).findFirst().orElseThrow();
        TypeSerializer<DataGeneratorSource.Range> serializer = Serializers.builtInOnly()
                .forType(DataGeneratorSource.Range.class, "split");
        long remaining = 0;
        for (SubtaskStateHandle subtask : source.subtasks()) {
            if (subtask.operatorFile() == null) {
                continue;
            }
            for (byte[] element : OperatorStateBackend.read(checkpoint.resolve(subtask.operatorFile()))
                    .get("source-splits").elements()) {
                DataGeneratorSource.Range range = serializer.deserialize(new DataInputStream(
                        new ByteArrayInputStream(element)));
                remaining += range.end() - range.next();
            }
        }
        return remaining;
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static long sum(Map<Long, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    // ---- (a) rescaling ----

    @Test
    void whenAStoppedJobIsRestoredAtParallelismThreeAndAtOne_thenEveryRecordIsCountedExactlyOnce() throws Exception {
        long records = 300_000;
        long keys = 30;
        Path original = dir.resolve("original");
        StreamExecutionEnvironment first = environment("rescale", 2, original);
        countJob(first, events(records, keys, 0, 100_000), new ConcurrentHashMap<>(), "count");
        cancelAfterCheckpoints(first.executeAsync(), 3);
        long remaining = remainingInLatestCheckpoint(original, "rescale");
        assertTrue(remaining > 0 && remaining < records, "the checkpoint is mid-stream: " + remaining + " to go");

        for (int parallelism : new int[] {3, 1}) {
            Path copy = dir.resolve("restore-at-" + parallelism);
            copyDirectory(original, copy);
            Map<Long, Long> counts = new ConcurrentHashMap<>();
            StreamExecutionEnvironment restored = environment("rescale", parallelism, copy).restoreFrom("latest");
            countJob(restored, events(records, keys, 0), counts, "count");

            JobExecutionResult result = execute(restored);

            assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
            assertEquals(remaining, result.operator("events").recordsOut(),
                    "the sources resumed where the checkpoint left them, at parallelism " + parallelism);
            assertEquals(parallelism, result.operator("events").parallelism());
            assertEquals(expectedCounts(keys, records / keys), counts, "at parallelism " + parallelism);
        }
    }

    // ---- (b) at-least-once ----

    @Test
    void whenAtLeastOnceWithFailures_thenNoRecordIsLost() throws Exception {
        long records = 200_000;
        long keys = 20;
        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = environment("at-least-once", 2, dir);
        env.getCheckpointConfig().setCheckpointingConsistencyMode(CheckpointingMode.AT_LEAST_ONCE);
        env.setRestartStrategy(RestartStrategy.fixedDelay(10, Duration.ofMillis(1)));
        env.setFaultInjector((point, task, checkpointId, attempt) -> {
            if (attempt == 3 && point == FaultInjector.Point.SYNC_SNAPSHOT && checkpointId % 2 == 0) {
                throw new FaultInjector.InjectedFault("injected at " + point + " of checkpoint " + checkpointId);
            }
        });
        env.fromSource(events(records, keys, 0, 200_000), WatermarkStrategy.noWatermarks(), "events").uid("events")
                .map(new FailAtRecord(2_000, 0, 1, 2))
                .keyBy(Event::key)
                .process(new CountPerKey(counts)).uid("count")
                .sinkTo(value -> { });

        JobExecutionResult result = execute(env);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(result.restarts() >= 3, "restarts: " + result.restarts());
        assertFalse(result.completedCheckpoints().isEmpty(), result.checkpoints()::toString);
        assertEquals(keys, counts.size());
        counts.forEach((key, count) -> assertTrue(count >= records / keys, "key " + key + " lost records: " + count));
        assertTrue(sum(counts) >= records, "total " + sum(counts));
    }

    // ---- (c) nothing to restore ----

    @Test
    void whenRestoringLatestWithoutAnyCompletedCheckpoint_thenTheJobStartsFreshAndLeftoversAreRemoved()
            throws Exception {
        long records = 20_000;
        long keys = 10;
        Path leftover = Files.createDirectories(dir.resolve("fresh").resolve("chk-4"));
        Path junk = Files.writeString(leftover.resolve("junk"), "a crashed run's file");
        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = environment("fresh", 2, dir).restoreFrom("latest");
        countJob(env, events(records, keys, 0), counts, "count");

        JobExecutionResult result = execute(env);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(records, result.operator("events").recordsOut(), "read from the start");
        assertEquals(expectedCounts(keys, records / keys), counts);
        assertFalse(Files.exists(junk), "the incomplete checkpoint was discarded");
    }

    @Test
    void whenTheNewestCheckpointIsCorrupt_thenRestoringLatestIsRefused_andTheOlderOneRestoredOnPurposeIsExact()
            throws Exception {
        long records = 300_000;
        long keys = 15;
        StreamExecutionEnvironment first = environment("fallback", 2, dir);
        countJob(first, events(records, keys, 0, 100_000), new ConcurrentHashMap<>(), "count");
        cancelAfterCheckpoints(first.executeAsync(), 3);
        CheckpointStorage storage = new CheckpointStorage(dir, "fallback");
        List<Long> completed = storage.completedCheckpointIds();
        assertEquals(2, completed.size(), "two checkpoints are retained: " + completed);
        CompletedCheckpoint older = storage.loadVerified(completed.get(0));
        long remaining = remainingIn(older);
        SubtaskStateHandle newest = storage.loadVerified(completed.get(1)).metadata().operators().stream()
                .filter(op -> op.uid().equals("count")).findFirst().orElseThrow().subtasks().get(0);
        Path damaged = storage.resolve(newest.keyedFile());
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(damaged, bytes);

        StreamExecutionEnvironment latest = environment("fallback", 2, dir).restoreFrom("latest");
        countJob(latest, events(records, keys, 0), new ConcurrentHashMap<>(), "count");
        CheckpointException refused = assertThrows(CheckpointException.class, latest::executeAsync);
        assertTrue(refused.getMessage().contains(damaged.toString())
                && refused.getMessage().contains("--restore " + older.checkpointDirectory()), refused.getMessage());

        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment restored = environment("fallback", 2, dir)
                .restoreFrom(older.checkpointDirectory().toString());
        countJob(restored, events(records, keys, 0), counts, "count");
        JobExecutionResult result = execute(restored);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(remaining, result.operator("events").recordsOut(), "resumed from the older checkpoint");
        assertEquals(expectedCounts(keys, records / keys), counts);
    }

    // ---- (d) state of operators the job no longer has ----

    @Test
    void whenTheCheckpointHoldsStateOfAUidTheJobNoLongerHas_thenTheJobIsRefusedUnlessDroppingIsAllowed()
            throws Exception {
        long records = 200_000;
        long keys = 10;
        StreamExecutionEnvironment first = environment("renamed", 2, dir);
        countJob(first, events(records, keys, 0, 100_000), new ConcurrentHashMap<>(), "count");
        cancelAfterCheckpoints(first.executeAsync(), 2);
        long remaining = remainingInLatestCheckpoint(dir, "renamed");
        List<Long> checkpointsBefore = new CheckpointStorage(dir, "renamed").checkpointIds();

        StreamExecutionEnvironment refused = environment("renamed", 2, dir).restoreFrom("latest");
        countJob(refused, events(records, keys, 0), new ConcurrentHashMap<>(), "count-v2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, refused::executeAsync);

        assertTrue(e.getMessage().contains("uid 'count' ('") && e.getMessage().contains("keyed 'count'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("setAllowNonRestoredState"), e.getMessage());
        assertEquals(checkpointsBefore, new CheckpointStorage(dir, "renamed").checkpointIds(),
                "nothing ran: no checkpoint was taken or deleted");

        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment allowed = environment("renamed", 2, dir).restoreFrom("latest")
                .setAllowNonRestoredState(true);
        countJob(allowed, events(records, keys, 0), counts, "count-v2");
        JobExecutionResult result = execute(allowed);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(remaining, result.operator("events").recordsOut(), "the source state was still restored");
        assertEquals(remaining, sum(counts), "the renamed operator started with empty state");
    }

    @Test
    void whenAStatelessOperatorWithoutUidIsRemoved_thenTheCheckpointStillRestores() throws Exception {
        long records = 200_000;
        long keys = 10;
        StreamExecutionEnvironment first = environment("reshaped", 2, dir);
        first.fromSource(events(records, keys, 0, 100_000), WatermarkStrategy.noWatermarks(), "events").uid("events")
                .map(event -> event) // stateless, no uid: dropped in the next version of the job
                .keyBy(Event::key)
                .process(new CountPerKey(new ConcurrentHashMap<>())).uid("count")
                .sinkTo(value -> { });
        cancelAfterCheckpoints(first.executeAsync(), 2);

        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment second = environment("reshaped", 2, dir).restoreFrom("latest");
        countJob(second, events(records, keys, 0), counts, "count");
        JobExecutionResult result = execute(second);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(expectedCounts(keys, records / keys), counts);
    }

    // ---- (e) a checkpoint of another job ----

    @Test
    void whenRestoringACheckpointDirectoryOfAnotherJob_thenTheJobIsRefusedNamingBothJobs() throws Exception {
        StreamExecutionEnvironment alpha = environment("alpha", 1, dir);
        countJob(alpha, events(100_000, 5, 0, 50_000), new ConcurrentHashMap<>(), "count");
        cancelAfterCheckpoints(alpha.executeAsync(), 1);
        Path alphaCheckpoint = new CheckpointStorage(dir, "alpha").latestCompleted()
                .checkpointDirectory();

        StreamExecutionEnvironment beta = environment("beta", 1, dir).restoreFrom(alphaCheckpoint.toString());
        countJob(beta, events(100_000, 5, 0), new ConcurrentHashMap<>(), "count");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, beta::executeAsync);

        assertTrue(e.getMessage().contains("'alpha'") && e.getMessage().contains("'beta'"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("beta")), "job beta never started");
    }

    @Test
    void whenTheMaxParallelismChanged_thenRestoringIsRefusedNamingBothValues() throws Exception {
        StreamExecutionEnvironment first = environment("max-parallelism", 2, dir).setMaxParallelism(64);
        countJob(first, events(100_000, 5, 0, 50_000), new ConcurrentHashMap<>(), "count");
        cancelAfterCheckpoints(first.executeAsync(), 1);

        StreamExecutionEnvironment second = environment("max-parallelism", 2, dir).setMaxParallelism(256)
                .restoreFrom("latest");
        countJob(second, events(100_000, 5, 0), new ConcurrentHashMap<>(), "count");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, second::executeAsync);

        assertTrue(e.getMessage().contains("64") && e.getMessage().contains("256"), e.getMessage());
    }

    @Test
    void whenRestoringACheckpointPathThatDoesNotExist_thenTheJobIsRefusedNamingThePath() {
        Path missing = dir.resolve("nowhere").resolve("chk-3");
        StreamExecutionEnvironment env = environment("missing", 1, dir).restoreFrom(missing.toString());
        countJob(env, events(1_000, 5, 0), new ConcurrentHashMap<>(), "count");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, env::executeAsync);

        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    // ---- (e2) job identity and restore modes ----

    @Test
    void whenAnotherJobOfTheSameNameRestoresTheDirectory_thenItIsRefusedEvenWithDroppingAllowed() throws Exception {
        StreamExecutionEnvironment first = environment("shared-name", 1, dir);
        countJob(first, events(100_000, 5, 0, 50_000), new ConcurrentHashMap<>(), "count");
        cancelAfterCheckpoints(first.executeAsync(), 1);

        StreamExecutionEnvironment other = environment("shared-name", 1, dir).restoreFrom("latest")
                .setAllowNonRestoredState(true);
        other.fromSequence(1, 1_000).uid("numbers").keyBy(x -> x % 3).reduce(Long::sum).uid("sums")
                .sinkTo(value -> { });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, other::executeAsync);

        assertTrue(e.getMessage().contains("shares no stateful operator") && e.getMessage().contains("'events'")
                && e.getMessage().contains("'sums'") && e.getMessage().contains("chk-"), e.getMessage());
    }

    @Test
    void whenRestoringLatestFromADirectoryWithoutTraceOfTheJob_thenItFailsNamingTheJobsThatAreThere()
            throws Exception {
        StreamExecutionEnvironment first = environment("present", 1, dir);
        countJob(first, events(1_000, 5, 0), new ConcurrentHashMap<>(), "count");
        assertEquals(JobStatus.FINISHED, execute(first).status());

        StreamExecutionEnvironment typo = environment("presnet", 1, dir).restoreFrom("latest");
        countJob(typo, events(1_000, 5, 0), new ConcurrentHashMap<>(), "count");
        IllegalStateException e = assertThrows(IllegalStateException.class, typo::executeAsync);

        assertTrue(e.getMessage().contains("'presnet'") && e.getMessage().contains("present")
                && e.getMessage().contains(dir.toString()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("presnet")), "a refused start leaves nothing behind");
    }

    @Test
    void whenAJobStoppedBeforeItsFirstCheckpoint_thenRestoringLatestStartsFreshAndIsExact() throws Exception {
        long records = 20_000;
        long keys = 10;
        StreamExecutionEnvironment first = environment("early-stop", 1, dir);
        first.enableCheckpointing(1 * 3_600_000L); // never reached
        countJob(first, events(records, keys, 0, 10_000), new ConcurrentHashMap<>(), "count");
        JobClient client = first.executeAsync();
        Thread.sleep(100);
        client.cancel();
        assertEquals(JobStatus.CANCELED, await(client).status());
        assertEquals(List.of(), new CheckpointStorage(dir, "early-stop").completedCheckpointIds());

        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment resumed = environment("early-stop", 1, dir).restoreFrom("latest");
        countJob(resumed, events(records, keys, 0), counts, "count");
        JobExecutionResult result = execute(resumed);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(records, result.operator("events").recordsOut(), "started fresh");
        assertEquals(expectedCounts(keys, records / keys), counts);
    }

    @Test
    void whenStartingWithoutRestoreOverCheckpointsOfTheSameJob_thenItIsRefusedUnlessToldToStartFresh()
            throws Exception {
        StreamExecutionEnvironment first = environment("again", 1, dir);
        countJob(first, events(1_000, 5, 0), new ConcurrentHashMap<>(), "count");
        assertEquals(JobStatus.FINISHED, execute(first).status());
        List<Long> before = new CheckpointStorage(dir, "again").completedCheckpointIds();
        assertFalse(before.isEmpty());

        StreamExecutionEnvironment accidental = environment("again", 1, dir);
        countJob(accidental, events(1_000, 5, 0), new ConcurrentHashMap<>(), "count");
        IllegalStateException e = assertThrows(IllegalStateException.class, accidental::executeAsync);
        assertTrue(e.getMessage().contains("--restore latest") && e.getMessage().contains("--fresh"), e.getMessage());

        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment fresh = environment("again", 1, dir).setStartFresh(true);
        countJob(fresh, events(1_000, 5, 0), counts, "count");
        JobExecutionResult result = execute(fresh);
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(expectedCounts(5, 200), counts);
        long newest = new CheckpointStorage(dir, "again").completedCheckpointIds().stream().mapToLong(x -> x).max()
                .orElseThrow();
        assertTrue(newest > before.get(before.size() - 1), "checkpoint ids keep growing after a fresh start");
    }

    @Test
    void whenTheJobIsRunning_thenASecondStartOnTheSameDirectoryIsRefusedAtOnceNamingTheHolder() throws Exception {
        StreamExecutionEnvironment running = environment("busy", 1, dir);
        countJob(running, events(10_000_000, 5, 0, 10_000), new ConcurrentHashMap<>(), "count");
        JobClient client = running.executeAsync();
        try {
            StreamExecutionEnvironment second = environment("busy", 1, dir).restoreFrom("latest");
            countJob(second, events(1_000, 5, 0), new ConcurrentHashMap<>(), "count");
            IllegalStateException e = assertThrows(IllegalStateException.class, second::executeAsync);
            assertTrue(e.getMessage().contains(dir.resolve("busy").toString())
                    && e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
        } finally {
            client.cancel();
            await(client);
        }
        StreamExecutionEnvironment after = environment("busy", 1, dir).restoreFrom("latest");
        countJob(after, events(10_000_000, 5, 0), new ConcurrentHashMap<>(), "count");
        JobClient resumed = after.executeAsync(); // the lock was released when the first job ended
        resumed.cancel();
        await(resumed);
    }

    @Test
    void generatedUidsDoNotChangeWhenAnUnrelatedOperatorIsAddedOrAPathChanges() {
        StreamExecutionEnvironment before = StreamExecutionEnvironment.getExecutionEnvironment();
        before.readTextFile(dir.resolve("a.txt").toString()).keyBy(s -> s).count().print();
        StreamExecutionEnvironment after = StreamExecutionEnvironment.getExecutionEnvironment();
        after.fromSequence(1, 10).map(x -> x * 2).print(); // a new, unrelated pipeline first
        after.readTextFile(dir.resolve("elsewhere/b.txt").toString()).keyBy(s -> s).count().name("renamed").print();
        try {
            Files.writeString(dir.resolve("a.txt"), "x");
            Files.createDirectories(dir.resolve("elsewhere"));
            Files.writeString(dir.resolve("elsewhere/b.txt"), "x");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        List<String> uidsBefore = statefulUids(dev.weir.graph.JobGraphBuilder.build(before.getJobSpec()));
        List<String> uidsAfter = statefulUids(dev.weir.graph.JobGraphBuilder.build(after.getJobSpec()));

        assertEquals(2, uidsBefore.size(), uidsBefore::toString);
        assertTrue(uidsAfter.containsAll(uidsBefore), uidsBefore + " vs " + uidsAfter);
        assertTrue(uidsBefore.get(1).startsWith("auto-count-"), uidsBefore::toString);
    }

    private static List<String> statefulUids(dev.weir.graph.JobGraph graph) {
        return graph.transformations().stream().filter(dev.weir.api.dag.Transformation::isStateful)
                .map(graph::uidOf).toList();
    }

    @Test
    void whenExplicitUidsAreRequired_thenAStatefulOperatorWithoutOneIsAnErrorNamingIt() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().requireExplicitUids();
        env.fromSequence(1, 10).uid("numbers").keyBy(x -> x % 2).count().name("parity-count").print();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dev.weir.graph.JobGraphBuilder.build(env.getJobSpec()));

        assertTrue(e.getMessage().contains("'parity-count'") && !e.getMessage().contains("'Sequence'"),
                e.getMessage());
    }

    // ---- (f) checkpoints that cannot be written ----

    @Test
    void whenCheckpointsFailForAWhileWithinTheTolerance_thenTheJobRecoversAndFinishesCorrectly() throws Exception {
        long records = 60_000;
        long keys = 10;
        Path blocked = blockCheckpointDirectories(dir.resolve("blocked"));
        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = environment("blocked", 2, dir);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(1_000);
        countJob(env, events(records, keys, 0, 100_000), counts, "count");

        JobExecution execution = (JobExecution) env.executeAsync();
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (execution.checkpointStats().stream().filter(c -> !c.completed()).count() < 3) {
            if (System.nanoTime() > deadline) {
                execution.cancel();
                fail("checkpoints did not fail: " + execution.checkpointStats());
            }
            Thread.sleep(2);
        }
        unblockCheckpointDirectories(blocked); // the directory becomes usable again
        JobExecutionResult result = await(execution);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(expectedCounts(keys, records / keys), counts);
        List<CheckpointStats> failed = result.checkpoints().stream().filter(c -> !c.completed()).toList();
        assertTrue(failed.size() >= 3, result.checkpoints()::toString);
        assertTrue(failed.stream().anyMatch(c -> c.failure().contains(blocked.toString())), failed::toString);
        assertFalse(result.completedCheckpoints().isEmpty(), "checkpoints complete again once the path is free");
    }

    @Test
    void whenTheCheckpointDirectoryCannotBeCreatedAndNoFailureIsTolerated_thenTheJobFailsNamingTheDirectory()
            throws Exception {
        Path blocked = blockCheckpointDirectories(dir.resolve("blocked"));
        StreamExecutionEnvironment env = environment("blocked", 2, dir);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(0);
        countJob(env, events(1_000_000, 10, 0, 100_000), new ConcurrentHashMap<>(), "count");

        JobExecutionResult result = execute(env);

        assertEquals(JobStatus.FAILED, result.status());
        assertTrue(result.failureCause() instanceof CheckpointException, String.valueOf(result.failureCause()));
        String message = result.failureCause().getMessage();
        assertTrue(message.contains(blocked.resolve("chk-").toString()), message);
        assertTrue(message.contains("tolerated 0"), message);
    }

    @Test
    void whenTheJobDirectoryIsAFile_thenTheJobIsRefusedAtStartNamingIt() throws Exception {
        Path blocked = Files.writeString(dir.resolve("blocked"), "a file where the job directory should be");
        StreamExecutionEnvironment env = environment("blocked", 2, dir);
        countJob(env, events(1_000, 10, 0), new ConcurrentHashMap<>(), "count");

        RuntimeException e = assertThrows(RuntimeException.class, env::executeAsync);

        assertTrue(e.getMessage().contains(blocked.toString()), e.getMessage());
        assertEquals("a file where the job directory should be", Files.readString(blocked));
    }

    /** Files where the first checkpoints' directories would go: those checkpoints fail to start. */
    private static Path blockCheckpointDirectories(Path jobDirectory) throws IOException {
        Files.createDirectories(jobDirectory);
        for (int id = 1; id <= 2_000; id++) {
            Files.writeString(jobDirectory.resolve("chk-" + id), "a file where a checkpoint directory should be");
        }
        return jobDirectory;
    }

    private static void unblockCheckpointDirectories(Path jobDirectory) throws IOException {
        for (int id = 1; id <= 2_000; id++) {
            Path file = jobDirectory.resolve("chk-" + id);
            if (Files.isRegularFile(file)) {
                Files.delete(file);
            }
        }
    }

    // ---- a failed run's late writes ----

    @Test
    void whenASnapshotWriterOfAFailedRunFinishesLate_thenTheRestartedRunIsNotDisturbedByItsFiles()
            throws Exception {
        long records = 300_000;
        long keys = 10;
        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = environment("late-writer", 2, dir);
        // Slow checkpoints: the late write lands after the failed run ended, before the next run's checkpoint 2.
        env.enableCheckpointing(150);
        env.setRestartStrategy(RestartStrategy.fixedDelay(5, Duration.ofMillis(1)));
        env.setFaultInjector((point, task, checkpointId, attempt) -> {
            if (attempt != 0 || point != FaultInjector.Point.ASYNC_SNAPSHOT || checkpointId != 2) {
                return;
            }
            if (task.operatorName().equals("events") && task.subtaskIndex() == 0) {
                throw new FaultInjector.InjectedFault("injected in the async part of checkpoint 2");
            }
            if (task.operatorName().equals("KeyedProcess") && task.subtaskIndex() == 0) {
                long until = System.nanoTime() + 75_000_000L; // a slow disk; an interrupt does not stop it
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        });
        countJob(env, events(records, keys, 0, 200_000), counts, "count");

        JobExecutionResult result = execute(env);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(1, result.restarts(), () -> "only the injected failure: " + result.checkpoints());
        assertEquals(expectedCounts(keys, records / keys), counts);
    }

    // ---- (g) several inputs ----

    @Test
    void whenTwoSourcesAreUnionedIntoAKeyedOperatorWithFailures_thenEveryRecordIsCountedExactlyOnce()
            throws Exception {
        long recordsA = 120_000;
        long recordsB = 60_000;
        long keys = 20;
        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = environment("union", 2, dir);
        env.setRestartStrategy(RestartStrategy.fixedDelay(10, Duration.ofMillis(1)));
        env.setFaultInjector((point, task, checkpointId, attempt) -> {
            boolean fail = switch (attempt) {
                case 1 -> point == FaultInjector.Point.SYNC_SNAPSHOT && task.operatorName().equals("KeyedProcess")
                        && checkpointId % 2 == 0;
                case 2 -> point == FaultInjector.Point.ASYNC_SNAPSHOT && checkpointId % 3 == 0;
                default -> false;
            };
            if (fail) {
                throw new FaultInjector.InjectedFault("injected at " + point + " of " + task + " in checkpoint "
                        + checkpointId + ", attempt " + attempt);
            }
        });
        DataStream<Event> a = env.fromSource(events(recordsA, keys, 0, 120_000), WatermarkStrategy.noWatermarks(), "a").uid("a")
                .map(new FailAtRecord(3_000, 0));
        DataStream<Event> b = env.fromSource(events(recordsB, keys, 1_000_000, 60_000), WatermarkStrategy.noWatermarks(), "b").uid("b");
        a.union(b)
                .keyBy(Event::key)
                .process(new CountPerKey(counts)).uid("count")
                .sinkTo(value -> { });

        JobExecutionResult result = execute(env);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(result.restarts() >= 3, "restarts: " + result.restarts());
        assertTrue(result.completedCheckpoints().size() >= 2, result.checkpoints()::toString);
        assertTrue(result.completedCheckpoints().stream().flatMap(c -> c.tasks().stream())
                .anyMatch(t -> !t.alignment().isZero()), "the keyed tasks aligned barriers of four inputs");
        assertEquals(expectedCounts(keys, (recordsA + recordsB) / keys), counts);
    }

    // ---- (h) an input that ends early ----

    @Test
    void whenOneSourceEndsEarly_thenCheckpointsGoOnAndARestoreAfterwardsDoesNotReplayIt() throws Exception {
        long shortRecords = 2_000;
        long longRecords = 150_000;
        long keys = 20;
        AtomicInteger shortClosed = new AtomicInteger();
        AtomicLong shortClosedAt = new AtomicLong();
        AtomicLong firstCheckpointAfterEnd = new AtomicLong();
        AtomicLong failedCheckpoint = new AtomicLong();
        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = environment("early-end", 2, dir);
        env.setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(1)));
        env.setFaultInjector((point, task, checkpointId, attempt) -> {
            if (attempt != 0 || point != FaultInjector.Point.SYNC_SNAPSHOT || !task.operatorName().equals("long")
                    || shortClosed.get() < 2) {
                return;
            }
            firstCheckpointAfterEnd.compareAndSet(0, checkpointId);
            if (checkpointId >= firstCheckpointAfterEnd.get() + 3) {
                failedCheckpoint.compareAndSet(0, checkpointId);
                throw new FaultInjector.InjectedFault("injected in checkpoint " + checkpointId
                        + ", after the short source ended");
            }
        });
        DataStream<Event> shortOne = env.fromSource(events(shortRecords, keys, 0), WatermarkStrategy.noWatermarks(), "short").uid("short")
                .map(new NoteClose(shortClosed, shortClosedAt)).uid("note");
        DataStream<Event> longOne = env.fromSource(events(longRecords, keys, 1_000_000, 100_000), WatermarkStrategy.noWatermarks(), "long")
                .uid("long");
        shortOne.union(longOne)
                .keyBy(Event::key)
                .process(new CountPerKey(counts)).uid("count")
                .sinkTo(value -> { });

        JobExecutionResult result = execute(env);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(1, result.restarts(), "exactly the one injected failure");
        assertTrue(failedCheckpoint.get() > 0, "the failure was injected");
        // Checkpoints triggered after the short source had ended, before the failure, completed.
        List<CheckpointStats> afterEnd = result.completedCheckpoints().stream()
                .filter(c -> c.checkpointId() > firstCheckpointAfterEnd.get()
                        && c.checkpointId() < failedCheckpoint.get())
                .toList();
        assertEquals(2, afterEnd.size(), result.checkpoints()::toString);
        afterEnd.forEach(c -> assertTrue(c.triggerTimestamp() >= shortClosedAt.get(), c::toString));
        assertEquals(0, result.operator("short").recordsOut(),
                "restored from a checkpoint holding the short source's final, empty position");
        assertTrue(result.operator("long").recordsOut() < longRecords, "the long source resumed mid-stream");
        assertEquals(expectedCounts(keys, (shortRecords + longRecords) / keys), counts);
    }

    private static JobExecutionResult await(JobClient client) throws InterruptedException {
        return CountingJobs.await(client, JOB_TIMEOUT);
    }
}
