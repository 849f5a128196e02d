package dev.weir.rocksdb;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.eventtime.WatermarkStrategy;
import static dev.weir.testing.CountingJobs.expectedCounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weir.api.CheckpointStats;
import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.checkpoint.CheckpointMetadata;
import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.checkpoint.CompletedCheckpoint;
import dev.weir.checkpoint.OperatorStateHandles;
import dev.weir.checkpoint.SubtaskStateHandle;
import dev.weir.api.testing.FaultInjector;
import dev.weir.runtime.JobExecution;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyedStateBackend;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole jobs on the RocksDB backend: exactly-once under failures, disk clean-up, broken checkpoints, local files. */
class RocksDBJobTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private Path work() {
        return dir.resolve("work");
    }

    private RocksDBStateBackend rocks() {
        return RocksDBStateBackend.create().workingDirectory(work());
    }

    private StreamExecutionEnvironment environment(String job, int parallelism, Path checkpoints, Duration interval) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism).setJobName(job)
                .setStateBackend(rocks());
        env.enableCheckpointing(interval.toMillis());
        env.getCheckpointConfig().setDirectory(checkpoints.toString());
        return env;
    }

    private static void countJob(StreamExecutionEnvironment env, DataGeneratorSource<Event> source, Map<Long, Long> counts) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "events").uid("events")
                .keyBy(Event::key)
                .process(new CountPerKey(counts)).uid("count")
                .sinkTo(value -> { });
    }

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
        return result;
    }

    private void assertWorkingDirectoryEmpty() {
        assertEquals(List.of(), RocksTesting.list(work()), "every subtask's RocksDB folder was deleted");
    }

    // ---- (a) exactly-once with failures ----

    @Test
    void whenFailuresAreInjectedAtSnapshotsRestoreAndARecord_thenEveryKeysCountIsExact() throws Exception {
        long records = 300_000;
        int keys = 100;
        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = environment("exactly-once", 2, dir.resolve("checkpoints"), Duration.ofMillis(30));
        env.setRestartStrategy(RestartStrategy.fixedDelay(20, Duration.ofMillis(1)));
        env.setFaultInjector((point, task, checkpointId, attempt) -> {
            boolean fail = switch (attempt) {
                case 1, 5 -> point == FaultInjector.Point.SYNC_SNAPSHOT && checkpointId % 3 == 0;
                case 2, 6 -> point == FaultInjector.Point.ASYNC_SNAPSHOT && checkpointId % 2 == 0;
                case 3, 7 -> point == FaultInjector.Point.RESTORE;
                default -> false;
            };
            if (fail) {
                throw new FaultInjector.InjectedFault("injected at " + point + " of " + task.describe()
                        + " in checkpoint " + checkpointId + ", attempt " + attempt);
            }
        });
        env.fromSource(events(records, keys, 150_000), WatermarkStrategy.noWatermarks(), "events").uid("events")
                .map(new FailAtRecord(3_000, 0, 4, 8))
                .keyBy(Event::key)
                .process(new CountPerKey(counts)).uid("count")
                .sinkTo(value -> { });

        JobExecutionResult result = await(env.executeAsync());

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(result.restarts() >= 6, "restarts: " + result.restarts());
        assertTrue(result.completedCheckpoints().size() >= 3, "checkpoints: " + result.checkpoints());
        assertEquals(expectedCounts(keys, records / keys), new HashMap<>(counts));
        assertWorkingDirectoryEmpty();
    }

    /** One event-time timer per event, at its seq; each firing counts its time (they all fire at the end). */
    static final class TimerPerEvent extends dev.weir.api.functions.KeyedProcessFunction<Long, Event, Long> {
        final Map<Long, Integer> firedTimes;

        TimerPerEvent(Map<Long, Integer> firedTimes) {
            this.firedTimes = firedTimes;
        }

        @Override
        public void processElement(Event value, Context ctx, dev.weir.api.Collector<Long> out) {
            ctx.timerService().registerEventTimeTimer(value.seq());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, dev.weir.api.Collector<Long> out) {
            if (ctx.getCurrentKey() != timestamp % KEYS_OF_TIMER_JOB) {
                throw new IllegalStateException("timer " + timestamp + " fired for key " + ctx.getCurrentKey());
            }
            firedTimes.merge(timestamp, 1, Integer::sum);
        }
    }

    private static final long KEYS_OF_TIMER_JOB = 100;

    @Test
    void whenAJobWithEventTimeTimersFailsAndRestores_thenEveryTimerComesBackFromRocksDBAndFiresOnce() throws Exception {
        long records = 60_000;
        Map<Long, Integer> firedTimes = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = environment("timers", 2, dir.resolve("checkpoints"), Duration.ofMillis(30));
        env.setRestartStrategy(RestartStrategy.fixedDelay(5, Duration.ofMillis(1)));
        env.setFaultInjector((point, task, checkpointId, attempt) -> {
            if (attempt == 1 && point == FaultInjector.Point.RESTORE) {
                throw new FaultInjector.InjectedFault("injected at restore of " + task.describe());
            }
        });
        // Failures mid-stream, after checkpoints completed: the timers of the events before the restored
        // checkpoint come only from RocksDB (the source does not replay those events).
        env.fromSource(events(records, KEYS_OF_TIMER_JOB, 40_000), WatermarkStrategy.noWatermarks(), "events")
                .uid("events")
                .map(new FailAtRecord(8_000, 0, 2)).uid("fail")
                .keyBy(Event::key)
                .process(new TimerPerEvent(firedTimes)).uid("timers")
                .sinkTo(value -> { });

        JobExecutionResult result = await(env.executeAsync());

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(result.restarts() >= 3, "restarts: " + result.restarts());
        assertEquals(records, firedTimes.size(), "every event's timer fired");
        for (long seq = 0; seq < records; seq++) {
            assertEquals(1, firedTimes.get(seq), "timer " + seq + " fired once");
        }
        assertWorkingDirectoryEmpty();
    }

    // ---- (b) disk use over many checkpoints ----

    @Test
    void whenManyCheckpointsAreTaken_thenSharedHoldsOnlyFilesOfTheRetainedCheckpoints() throws Exception {
        long records = 180_000; // about 3 s at 60k/s: ~100 checkpoints on an idle machine, fewer under load
        int keys = 2_000;
        Path checkpoints = dir.resolve("checkpoints");
        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = environment("disk", 2, checkpoints, Duration.ofMillis(5));
        env.getCheckpointConfig().setRetainedCheckpoints(2);
        countJob(env, events(records, keys, 60_000), counts);

        JobExecutionResult result = await(env.executeAsync());

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(expectedCounts(keys, records / keys), new HashMap<>(counts));
        assertTrue(result.completedCheckpoints().size() >= 40, "checkpoints: " + result.completedCheckpoints().size());
        CheckpointStorage storage = new CheckpointStorage(checkpoints, "disk");
        List<Long> chkDirs = storage.checkpointIds();
        assertTrue(chkDirs.size() <= 2, "checkpoint directories left: " + chkDirs);
        Set<String> referenced = new HashSet<>();
        for (long id : storage.completedCheckpointIds()) {
            referenced.addAll(CheckpointMetadata.read(storage.checkpointDirectory(id).resolve(CheckpointMetadata.FILE_NAME))
                    .sharedFiles());
        }
        assertFalse(referenced.isEmpty(), "the retained checkpoints are incremental");
        List<String> shared = RocksTesting.filesUnder(storage.jobDirectory(), storage.sharedDirectory());
        assertEquals(new HashSet<>(shared), referenced, "shared/ holds exactly what the retained checkpoints reference");
        for (long id : storage.completedCheckpointIds()) {
            assertNotNull(storage.loadVerified(id), "intact: " + id);
        }
        assertWorkingDirectoryEmpty();
    }

    // ---- (c) a broken shared file in the newest checkpoint ----

    /** Records the source had still to emit according to {@code checkpoint}. */
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

    @Test
    void whenASharedFileOfTheNewestCheckpointIsMissingTruncatedOrFlipped_thenLatestAndAnExplicitRestoreAreRefused()
            throws Exception {
        long records = 240_000;
        long keys = 20;
        Path original = dir.resolve("original");
        StreamExecutionEnvironment first = environment("broken", 2, original, Duration.ofMillis(20));
        countJob(first, events(records, keys, 100_000), new ConcurrentHashMap<>());
        cancelAfterCheckpoints(first.executeAsync(), 3);
        CheckpointStorage originalStorage = new CheckpointStorage(original, "broken");
        List<Long> completed = originalStorage.completedCheckpointIds();
        assertEquals(2, completed.size(), "two checkpoints are retained: " + completed);
        long olderId = completed.get(0);
        long newestId = completed.get(1);
        CompletedCheckpoint older = originalStorage.loadVerified(olderId);
        Set<String> onlyNewest = new HashSet<>(originalStorage.loadVerified(newestId).metadata().sharedFiles());
        onlyNewest.removeAll(older.metadata().sharedFiles());
        assertFalse(onlyNewest.isEmpty(), "the newest checkpoint uploaded files of its own");
        String victim = onlyNewest.iterator().next();
        long remaining = remainingIn(older);
        assertTrue(remaining > 0, "the older checkpoint is mid-stream");

        for (String damage : List.of("missing", "truncated", "flipped")) {
            Path copy = dir.resolve(damage);
            copyDirectory(original, copy);
            CheckpointStorage storage = new CheckpointStorage(copy, "broken");
            Path file = storage.resolve(victim);
            if (damage.equals("missing")) {
                Files.delete(file);
            } else if (damage.equals("truncated")) {
                byte[] bytes = Files.readAllBytes(file);
                Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
            } else {
                flipAByte(file);
            }
            Path pristine = dir.resolve(damage + "-explicit");
            copyDirectory(copy, pristine);

            // "latest": refused, naming the file; restoring the older checkpoint on purpose stays exact.
            StreamExecutionEnvironment latest = environment("broken", 2, copy, Duration.ofMillis(20)).restoreFrom("latest");
            countJob(latest, events(records, keys), new ConcurrentHashMap<>());
            RuntimeException refused = assertThrows(RuntimeException.class, latest::executeAsync);
            assertTrue(refused.getMessage().contains("checkpoint " + newestId)
                    && refused.getMessage().contains(file.toString()), damage + ": " + refused.getMessage());
            assertTrue(refused.getMessage().contains("Put the damaged file back")
                    && refused.getMessage().contains("--restore " + storage.checkpointDirectory(olderId)),
                    damage + ": the choices: " + refused.getMessage());
            assertTrue(!damage.equals("flipped") || refused.getMessage().contains("is corrupt: its content has CRC32C"),
                    refused.getMessage());
            Map<Long, Long> counts = new ConcurrentHashMap<>();
            StreamExecutionEnvironment restored = environment("broken", 2, copy, Duration.ofMillis(20))
                    .restoreFrom(storage.checkpointDirectory(older.checkpointId()).toString());
            countJob(restored, events(records, keys), counts);
            JobExecutionResult result = await(restored.executeAsync());
            assertEquals(JobStatus.FINISHED, result.status(), () -> damage + ": " + result.failureCause());
            assertEquals(remaining, result.operator("events").recordsOut(), damage + ": resumed from the older one");
            assertEquals(expectedCounts(keys, records / keys), new HashMap<>(counts), damage);

            // An explicit path: refused before anything starts, naming the file and the checkpoint.
            CheckpointStorage pristineStorage = new CheckpointStorage(pristine, "broken");
            List<Long> before = pristineStorage.checkpointIds();
            StreamExecutionEnvironment explicit = environment("broken", 2, pristine, Duration.ofMillis(20))
                    .restoreFrom(pristineStorage.checkpointDirectory(newestId).toString());
            countJob(explicit, events(records, keys), new ConcurrentHashMap<>());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, explicit::executeAsync);
            assertTrue(e.getMessage().contains(pristineStorage.resolve(victim).toString()), e.getMessage());
            assertTrue(e.getMessage().contains("checkpoint " + newestId), e.getMessage());
            assertEquals(before, pristineStorage.checkpointIds(), "nothing ran");
        }
    }

    /** Flips one bit of a byte in the first block of a file (a RocksDB data block); the size stays. */
    private static void flipAByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[Math.min(20, bytes.length / 2)] ^= 0x10;
        Files.write(file, bytes);
    }

    /**
     * Writes the checkpoint's metadata and its RocksDB manifests as a version without file
     * checksums did.
     */
    private static void dropSharedChecksums(CheckpointStorage storage, long checkpointId) throws IOException {
        Path file = storage.checkpointDirectory(checkpointId).resolve(CheckpointMetadata.FILE_NAME);
        CheckpointMetadata metadata = CheckpointMetadata.read(file);
        List<OperatorStateHandles> operators = new java.util.ArrayList<>();
        for (OperatorStateHandles op : metadata.operators()) {
            List<SubtaskStateHandle> subtasks = new java.util.ArrayList<>();
            for (SubtaskStateHandle s : op.subtasks()) {
                long keyedBytes = s.keyedBytes();
                if (s.keyedFile() != null && s.keyedFile().endsWith(".rocks")) {
                    keyedBytes = RocksTesting.writeWithoutChecksums(storage.resolve(s.keyedFile()));
                }
                subtasks.add(new SubtaskStateHandle(s.subtask(), s.keyedFile(), s.firstKeyGroup(), s.lastKeyGroup(),
                        keyedBytes, s.operatorFile(), s.operatorBytes(), s.sharedFiles().stream()
                        .map(f -> new SubtaskStateHandle.SharedFile(f.path(), f.bytes())).toList()));
            }
            operators.add(new OperatorStateHandles(op.uid(), op.name(), op.parallelism(), op.states(), subtasks));
        }
        String text = new CheckpointMetadata(metadata.jobName(), metadata.checkpointId(), metadata.timestamp(),
                metadata.maxParallelism(), operators).toText();
        assertTrue(metadata.toText().contains(".sst " ) && text.lines().filter(l -> l.startsWith("shared "))
                .allMatch(l -> l.split(" ").length == 3), text);
        Files.writeString(file, text);
    }

    /** A job cancelled after three checkpoints, two retained; returns the storage. */
    private CheckpointStorage twoCheckpoints(String job, long records, long keys) throws Exception {
        Path original = dir.resolve(job);
        StreamExecutionEnvironment first = environment(job, 2, original, Duration.ofMillis(20));
        countJob(first, events(records, keys, 100_000), new ConcurrentHashMap<>());
        cancelAfterCheckpoints(first.executeAsync(), 3);
        CheckpointStorage storage = new CheckpointStorage(original, job);
        assertEquals(2, storage.completedCheckpointIds().size(), storage.completedCheckpointIds()::toString);
        return storage;
    }

    @Test
    void whenTheMetadataHasNoSharedFileChecksums_thenTheCheckpointStillRestoresExactly() throws Exception {
        long records = 240_000;
        long keys = 20;
        CheckpointStorage storage = twoCheckpoints("older-format", records, keys);
        long newestId = storage.completedCheckpointIds().get(1);
        assertTrue(storage.loadVerified(newestId).metadata().operators().stream()
                .flatMap(op -> op.subtasks().stream()).flatMap(s -> s.sharedFiles().stream())
                .allMatch(SubtaskStateHandle.SharedFile::hasChecksum), "this version records a checksum per shared file");
        dropSharedChecksums(storage, newestId);
        CompletedCheckpoint newest = storage.loadVerified(newestId);
        long remaining = remainingIn(newest);
        assertTrue(remaining > 0, "the checkpoint is mid-stream");

        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment restored = environment("older-format", 2, storage.jobDirectory().getParent(),
                Duration.ofMillis(20)).restoreFrom("latest");
        countJob(restored, events(records, keys), counts);
        JobExecutionResult result = await(restored.executeAsync());

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(remaining, result.operator("events").recordsOut(), "resumed from the checkpoint without checksums");
        assertEquals(expectedCounts(keys, records / keys), new HashMap<>(counts));
        long next = storage.completedCheckpointIds().get(storage.completedCheckpointIds().size() - 1);
        assertTrue(storage.loadVerified(next).metadata().operators().stream().flatMap(op -> op.subtasks().stream())
                .flatMap(s -> s.sharedFiles().stream()).allMatch(SubtaskStateHandle.SharedFile::hasChecksum),
                "checkpoints after the restore record checksums, also for the files they take over");
    }

    @Test
    void whenAFileOfACheckpointWithoutChecksumsIsFlipped_thenRocksDBsCorruptionNamesTheCheckpointsFileAndTheChoices()
            throws Exception {
        long records = 240_000;
        long keys = 20;
        CheckpointStorage storage = twoCheckpoints("older-flipped", records, keys);
        long olderId = storage.completedCheckpointIds().get(0);
        long newestId = storage.completedCheckpointIds().get(1);
        dropSharedChecksums(storage, newestId);
        Set<String> onlyNewest = new HashSet<>(storage.loadVerified(newestId).metadata().sharedFiles());
        onlyNewest.removeAll(storage.loadVerified(olderId).metadata().sharedFiles());
        assertFalse(onlyNewest.isEmpty(), "the newest checkpoint uploaded files of its own");
        for (String victim : onlyNewest) {
            flipAByte(storage.resolve(victim));
        }
        assertNotNull(storage.loadVerified(newestId), "without checksums only sizes are checked: the load passes");

        StreamExecutionEnvironment restored = environment("older-flipped", 2, storage.jobDirectory().getParent(),
                Duration.ofMillis(20)).restoreFrom("latest");
        restored.setRestartStrategy(dev.weir.api.RestartStrategy.fixedDelay(5, Duration.ofMillis(1)));
        countJob(restored, events(records, keys), new ConcurrentHashMap<>());
        JobExecutionResult result = await(restored.executeAsync());

        assertEquals(JobStatus.FAILED, result.status());
        assertEquals(0, result.restarts(), "a restart from a checkpoint that cannot be read would fail again");
        Throwable cause = result.failureCause();
        while (cause != null && !(cause instanceof dev.weir.checkpoint.CheckpointException)) {
            cause = cause.getCause();
        }
        assertNotNull(cause, () -> "reported as a corrupt checkpoint: " + result.failureCause());
        String message = cause.getMessage();
        assertTrue(onlyNewest.stream().anyMatch(victim -> message.contains(storage.resolve(victim).toString())),
                message);
        assertTrue(message.contains("of checkpoint " + newestId) && message.contains("Put the damaged file back")
                && message.contains("--restore " + storage.checkpointDirectory(olderId)), message);
        assertTrue(message.contains("block checksum mismatch") || message.contains("Corruption"), message);
        assertWorkingDirectoryEmpty();
    }

    // ---- (d) local working folders ----

    @Test
    void whenTheJobEnds_thenItsWorkingFoldersAreDeleted() throws Exception {
        Map<Long, Long> counts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = environment("local", 3, dir.resolve("checkpoints"), Duration.ofMillis(20));
        countJob(env, events(60_000, 30, 100_000), counts);
        List<Integer> seenFolders = new CopyOnWriteArrayList<>();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                seenFolders.add(RocksTesting.list(work()).size());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();

        JobExecutionResult result = await(env.executeAsync());
        watcher.interrupt();
        watcher.join();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(expectedCounts(30, 2_000), new HashMap<>(counts));
        assertTrue(seenFolders.contains(3), "one folder per keyed subtask while running: " + seenFolders);
        assertTrue(Files.isDirectory(work()));
        assertWorkingDirectoryEmpty();
    }

    @Test
    void whenAFolderOfADeadProcessIsLeft_thenCreatingABackendDeletesItAndKeepsTheOthers() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        long deadPid = process.pid();
        assertTrue(ProcessHandle.of(deadPid).isEmpty(), "the process has exited");
        Path dead = Files.createDirectories(work().resolve("count-0-deadbeef"));
        Files.writeString(dead.resolve("owner-pid"), Long.toString(deadPid));
        Files.createDirectories(dead.resolve("db"));
        Files.writeString(dead.resolve("db").resolve("000007.sst"), "left by kill -9");
        Path alive = Files.createDirectories(work().resolve("count-1-a11fe000"));
        Files.writeString(alive.resolve("owner-pid"), Long.toString(ProcessHandle.current().pid()));
        Path foreign = Files.createDirectories(work().resolve("not-ours"));
        Files.writeString(foreign.resolve("data"), "no owner file: left alone");

        try (KeyedStateBackend backend = rocks().create("count", 0, new KeyGroupRange(0, 127), 128,
                Serializers.builtInOnly())) {
            assertFalse(Files.exists(dead), "the dead process's folder was deleted");
            assertTrue(Files.exists(alive.resolve("owner-pid")), "a live process's folder stays");
            assertTrue(Files.exists(foreign.resolve("data")), "a folder without owner file stays");
            List<Path> folders = RocksTesting.list(work());
            assertEquals(3, folders.size(), "the new backend's own folder: " + folders);
            Path own = folders.stream().filter(p -> p.getFileName().toString().startsWith("count-0-")).findFirst()
                    .orElseThrow();
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(own.resolve("owner-pid")));
        }
        assertEquals(List.of(alive, foreign), RocksTesting.list(work()), "close deleted its own folder only");
    }

    // ---- a keyed task that finishes while others go on ----

    @Test
    void whenOnePipelineEndsLongBeforeTheOther_thenLaterCheckpointsStillCompleteAndCountsAreExact()
            throws Exception {
        Map<Long, Long> shortCounts = new ConcurrentHashMap<>();
        Map<Long, Long> longCounts = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = environment("early-end", 1, dir.resolve("checkpoints"), Duration.ofMillis(10));
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(0);
        env.fromSource(events(1_000, 10), WatermarkStrategy.noWatermarks(), "short").uid("short")
                .keyBy(Event::key).process(new CountPerKey(shortCounts)).uid("short-count").sinkTo(v -> { });
        env.fromSource(events(60_000, 10, 60_000), WatermarkStrategy.noWatermarks(), "long").uid("long")
                .keyBy(Event::key).process(new CountPerKey(longCounts)).uid("long-count").sinkTo(v -> { });

        JobExecutionResult result = await(env.executeAsync());

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(0, result.restarts(), result.checkpoints()::toString);
        List<CheckpointStats> failed = result.checkpoints().stream().filter(c -> !c.completed()).toList();
        assertEquals(List.of(), failed, "no checkpoint failed after the short pipeline ended");
        assertTrue(result.completedCheckpoints().size() >= 10, result.checkpoints()::toString);
        assertEquals(expectedCounts(10, 100), new HashMap<>(shortCounts));
        assertEquals(expectedCounts(10, 6_000), new HashMap<>(longCounts));
        assertWorkingDirectoryEmpty();
    }

    private static DataGeneratorSource<Event> events(long records, long keys) {
        return CountingJobs.events(records, keys, 0);
    }

    private static DataGeneratorSource<Event> events(long records, long keys, double recordsPerSecond) {
        return CountingJobs.events(records, keys, 0, recordsPerSecond);
    }

    private static JobExecutionResult await(JobClient client) throws InterruptedException {
        return CountingJobs.await(client, JOB_TIMEOUT);
    }
}
