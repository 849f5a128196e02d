package dev.weir.rocksdb;

import static dev.weir.rocksdb.RocksTesting.checkpoint;
import static dev.weir.rocksdb.RocksTesting.manifest;
import static dev.weir.rocksdb.RocksTesting.restored;
import static dev.weir.rocksdb.RocksTesting.sharedPaths;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.checkpoint.SubtaskStateHandle;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import dev.weir.state.KeyedSnapshot;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.KeyedStateHandle;
import dev.weir.state.serialization.Serializers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental and full snapshots of the RocksDB backend, driven directly as a task would. */
class RocksDBIncrementalTest {
    private static final int MAX = KeyGroups.DEFAULT_MAX_PARALLELISM;
    private static final KeyGroupRange ALL = new KeyGroupRange(0, MAX - 1);
    private static final int KEYS = 200_000;

    @TempDir
    Path dir;

    private final List<KeyedStateBackend> open = new ArrayList<>();

    @AfterEach
    void closeBackends() throws Exception {
        for (KeyedStateBackend backend : open) {
            backend.close();
        }
    }

    private Path job() {
        return dir.resolve("job");
    }

    private KeyedStateBackend backend(RocksDBStateBackend factory) throws Exception {
        KeyedStateBackend backend = factory.create(RocksTesting.UID, 0, ALL, MAX, Serializers.builtInOnly());
        open.add(backend);
        return backend;
    }

    private RocksDBStateBackend incremental() {
        return RocksDBStateBackend.create().workingDirectory(dir.resolve("work"));
    }

    private static ValueState<Long> value(KeyedStateBackend backend) {
        return backend.getState(new ValueStateDescriptor<>("value", Long.class));
    }

    /** Keys 0..KEYS-1 with value key * 31; returns the expected values. */
    private static long[] fill(KeyedStateBackend backend) {
        ValueState<Long> value = value(backend);
        long[] expected = new long[KEYS];
        for (int key = 0; key < KEYS; key++) {
            backend.setCurrentKey((long) key);
            value.update(key * 31L);
            expected[key] = key * 31L;
        }
        return expected;
    }

    /** Changes {@code count} random keys (tagging the new values with {@code round}). */
    private static void change(KeyedStateBackend backend, long[] expected, int count, int round) {
        ValueState<Long> value = value(backend);
        SplittableRandom random = new SplittableRandom(round);
        for (int i = 0; i < count; i++) {
            int key = random.nextInt(KEYS);
            long next = -(round * 1_000_000L + i);
            backend.setCurrentKey((long) key);
            value.update(next);
            expected[key] = next;
        }
    }

    private static void assertHolds(KeyedStateBackend backend, long[] expected) {
        ValueState<Long> value = value(backend);
        for (int key = 0; key < expected.length; key++) {
            backend.setCurrentKey((long) key);
            Long actual = value.value();
            if (actual == null || actual != expected[key]) {
                assertEquals(expected[key], actual, "value of key " + key);
            }
        }
        assertEquals(expected.length, backend.countKeys("value"));
    }

    private long sizeOf(String relative) throws IOException {
        return Files.size(job().resolve(relative));
    }

    @Test
    void whenTheFirstSnapshotIsWritten_thenEverySstIsUploadedToSharedAndTheRestIsPrivate() throws Exception {
        KeyedStateBackend backend = backend(incremental());
        fill(backend);

        KeyedStateHandle first = checkpoint(backend, job(), 0, 1);

        RocksManifest manifest = manifest(job(), first);
        List<RocksManifest.DbFile> ssts = manifest.files().stream().filter(f -> f.localName().endsWith(".sst"))
                .toList();
        assertFalse(ssts.isEmpty(), "the flush produced SST files: " + manifest.files());
        long total = 0;
        for (RocksManifest.DbFile f : manifest.files()) {
            boolean sst = f.localName().endsWith(".sst");
            assertEquals(sst, f.shared(), "only SSTs are shared: " + f);
            assertTrue(f.storedAt().startsWith(sst ? "shared/" + RocksTesting.UID + "/" : "chk-1/"), f.storedAt());
            assertEquals(f.bytes(), sizeOf(f.storedAt()), f.storedAt());
            total += f.bytes();
        }
        assertEquals(ssts.stream().map(RocksManifest.DbFile::storedAt).sorted().toList(), sharedPaths(first));
        for (SubtaskStateHandle.SharedFile f : first.sharedFiles()) {
            assertEquals(f.bytes(), sizeOf(f.path()));
        }
        assertEquals(RocksTesting.filesUnder(job(), job().resolve("shared")), sharedPaths(first),
                "shared/ holds exactly the uploads");
        assertEquals(total + first.mainBytes(), first.bytesWritten(), "everything was written once");
        assertEquals(ALL, manifest.keyGroups());
        assertEquals(List.of(new RocksManifest.ColumnFamily("value", dev.weir.state.KeyedStateKind.VALUE,
                        new dev.weir.state.serialization.TypeSchema.Basic("java.lang.Long"))),
                manifest.columnFamilies());
    }

    @Test
    void whenOnePercentOfTheKeysChangedAfterACompletedCheckpoint_thenTheNextUploadsOnlyTheNewFiles()
            throws Exception {
        KeyedStateBackend backend = backend(incremental());
        long[] expected = fill(backend);
        KeyedStateHandle first = checkpoint(backend, job(), 0, 1);
        backend.notifyCheckpointComplete(1);
        Map<String, String> sharedBefore = RocksTesting.fingerprint(job().resolve("shared"));

        change(backend, expected, KEYS / 100, 1);
        KeyedStateHandle second = checkpoint(backend, job(), 0, 2);

        assertTrue(second.bytesWritten() < first.bytesWritten() / 5,
                "incremental " + second.bytesWritten() + " bytes vs full " + first.bytesWritten());
        assertTrue(sharedPaths(second).containsAll(sharedPaths(first)),
                "the unchanged files are referenced: " + sharedPaths(first) + " in " + sharedPaths(second));
        List<String> added = new ArrayList<>(sharedPaths(second));
        added.removeAll(sharedPaths(first));
        assertFalse(added.isEmpty(), "the changes were flushed into a new file");
        long addedBytes = 0;
        for (String path : added) {
            addedBytes += sizeOf(path);
        }
        assertTrue(second.bytesWritten() >= addedBytes, "the new files count as written");
        Map<String, String> sharedAfter = RocksTesting.fingerprint(job().resolve("shared"));
        sharedBefore.forEach((file, print) -> assertEquals(print, sharedAfter.get(file), "untouched: " + file));

        KeyedStateBackend fresh = backend(incremental());
        fresh.restore(List.of(restored(job(), second, ALL)));
        assertHolds(fresh, expected);
    }

    @Test
    void whenACheckpointWasAborted_thenTheNextDoesNotReferenceFilesOnlyItUploaded() throws Exception {
        KeyedStateBackend backend = backend(incremental());
        long[] expected = fill(backend);
        KeyedStateHandle first = checkpoint(backend, job(), 0, 1);
        backend.notifyCheckpointComplete(1);

        change(backend, expected, 1_000, 1);
        KeyedStateHandle aborted = checkpoint(backend, job(), 0, 2);
        backend.notifyCheckpointAborted(2);
        change(backend, expected, 1_000, 2);
        KeyedStateHandle third = checkpoint(backend, job(), 0, 3);

        Set<String> onlyAborted = new HashSet<>(sharedPaths(aborted));
        sharedPaths(first).forEach(onlyAborted::remove);
        assertFalse(onlyAborted.isEmpty(), "the aborted checkpoint uploaded files of its own");
        for (String path : sharedPaths(third)) {
            assertFalse(onlyAborted.contains(path), "checkpoint 3 references " + path + " of aborted checkpoint 2");
        }
        assertTrue(sharedPaths(third).containsAll(sharedPaths(first)), "the completed base is still used");

        // The registry may delete the aborted uploads at any time: checkpoint 3 does not need them.
        for (String path : onlyAborted) {
            Files.delete(job().resolve(path));
        }
        KeyedStateBackend fresh = backend(incremental());
        fresh.restore(List.of(restored(job(), third, ALL)));
        assertHolds(fresh, expected);
    }

    @Test
    void whenSnapshotsAreFull_thenNoSharedFileIsReferencedAndEverythingIsWrittenPrivatelyEachTime()
            throws Exception {
        RocksDBStateBackend full = incremental().incremental(false);
        assertFalse(full.isIncremental());
        KeyedStateBackend backend = backend(full);
        long[] expected = fill(backend);
        KeyedStateHandle first = checkpoint(backend, job(), 0, 1);
        backend.notifyCheckpointComplete(1);
        change(backend, expected, KEYS / 100, 1);

        KeyedStateHandle second = checkpoint(backend, job(), 0, 2);

        for (KeyedStateHandle handle : List.of(first, second)) {
            assertEquals(List.of(), handle.sharedFiles());
            long total = 0;
            for (RocksManifest.DbFile f : manifest(job(), handle).files()) {
                assertFalse(f.shared(), f.toString());
                assertTrue(f.storedAt().startsWith(handle.mainFile().substring(0, handle.mainFile().indexOf('/'))
                        + "/"), "stored in its own checkpoint: " + f.storedAt());
                total += f.bytes();
            }
            assertEquals(total + handle.mainBytes(), handle.bytesWritten());
        }
        assertTrue(second.bytesWritten() > first.bytesWritten() * 9 / 10,
                "the second is as big as the first: " + second.bytesWritten() + " vs " + first.bytesWritten());
        assertEquals(List.of(), RocksTesting.filesUnder(job(), job().resolve("shared")));

        // Self-contained: restores with the first checkpoint gone.
        deleteRecursively(job().resolve("chk-1"));
        KeyedStateBackend fresh = backend(incremental());
        fresh.restore(List.of(restored(job(), second, ALL)));
        assertHolds(fresh, expected);
    }

    @Test
    void whenRestoredFromTheThirdOfAnIncrementalChain_thenEveryKeyHasItsLatestValue() throws Exception {
        KeyedStateBackend backend = backend(incremental());
        long[] expected = fill(backend);
        List<KeyedStateHandle> chain = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            if (id > 1) {
                change(backend, expected, 3_000, id);
            }
            chain.add(checkpoint(backend, job(), 0, id));
            backend.notifyCheckpointComplete(id);
        }
        ValueState<Long> live = value(backend);
        backend.setCurrentKey(7L);
        live.update(-7L); // after the last checkpoint: not in it

        KeyedStateBackend fresh = backend(incremental());
        fresh.restore(List.of(restored(job(), chain.get(2), ALL)));

        assertHolds(fresh, expected);
        assertTrue(sharedPaths(chain.get(2)).containsAll(sharedPaths(chain.get(0))),
                "the third still builds on the first's files");
        assertTrue(chain.get(1).bytesWritten() < chain.get(0).bytesWritten() / 5);
        assertTrue(chain.get(2).bytesWritten() < chain.get(0).bytesWritten() / 5);
    }

    @Test
    void whenARestoredBackendKeepsWritingAndCompacting_thenTheCheckpointItCameFromIsUnchanged() throws Exception {
        KeyedStateBackend backend = backend(incremental());
        long[] expected = fill(backend);
        KeyedStateHandle first = checkpoint(backend, job(), 0, 1);
        backend.close();
        open.remove(backend);
        Map<String, String> before = RocksTesting.fingerprint(job());

        RocksDBKeyedStateBackend restored = (RocksDBKeyedStateBackend) backend(incremental());
        restored.restore(List.of(restored(job(), first, ALL)));
        long[] changed = expected.clone();
        change(restored, changed, KEYS / 2, 9);
        restored.db.compactRange(); // rewrites (and deletes) the files it was restored from
        KeyedStateHandle next = checkpoint(restored, job(), 0, 2);
        restored.close();
        open.remove(restored);

        Map<String, String> after = RocksTesting.fingerprint(job());
        before.forEach((file, print) -> assertEquals(print, after.get(file), "changed by the restored backend: " + file));
        KeyedStateBackend again = backend(incremental());
        again.restore(List.of(restored(job(), first, ALL)));
        assertHolds(again, expected);
        KeyedStateBackend later = backend(incremental());
        later.restore(List.of(restored(job(), next, ALL)));
        assertHolds(later, changed);
    }

    @Test
    void whenASnapshotIsWrittenAgainAfterItsBackendClosed_thenEachCopyRestoresOnItsOwn() throws Exception {
        // A finished task hands one final snapshot over; it is written for every later checkpoint, also
        // after the task closed its backend.
        KeyedStateBackend backend = backend(incremental());
        long[] expected = fill(backend);
        KeyedSnapshot snapshot = backend.snapshot(1);
        KeyedStateHandle one = snapshot.write(RocksTesting.target(job(), 0, 1));
        backend.release();
        KeyedStateHandle two = snapshot.write(RocksTesting.target(job(), 0, 2));
        backend.close();
        open.remove(backend);
        deleteRecursively(job().resolve("chk-1")); // subsumed

        KeyedStateHandle three = snapshot.write(RocksTesting.target(job(), 0, 3));

        assertEquals(sharedPaths(one), sharedPaths(two));
        assertEquals(sharedPaths(one), sharedPaths(three), "the uploads of the first write are referenced again");
        deleteRecursively(job().resolve("chk-2"));
        KeyedStateBackend fresh = backend(incremental());
        fresh.restore(List.of(restored(job(), three, ALL)));
        assertHolds(fresh, expected);

        deleteRecursively(job().resolve("chk-3"));
        IOException e = assertThrows(IOException.class, () -> snapshot.write(RocksTesting.target(job(), 0, 4)));
        assertTrue(e.getMessage().contains("no earlier copy"), e.getMessage());
    }

    @Test
    void whenTheFirstWriteOfASnapshotWasDiscarded_thenAWriteAgainUsesTheLocalFolder() throws Exception {
        KeyedStateBackend backend = backend(incremental());
        long[] expected = fill(backend);
        KeyedSnapshot snapshot = backend.snapshot(1);
        KeyedStateHandle aborted = snapshot.write(RocksTesting.target(job(), 0, 1));
        deleteRecursively(job().resolve("chk-1")); // an aborted checkpoint's directory is deleted
        for (String path : sharedPaths(aborted)) {
            Files.delete(job().resolve(path));
        }

        KeyedStateHandle again = snapshot.write(RocksTesting.target(job(), 0, 2));
        backend.release();

        KeyedStateBackend fresh = backend(incremental());
        fresh.restore(List.of(restored(job(), again, ALL)));
        assertHolds(fresh, expected);
    }

    @Test
    void whenSnapshotsAreReleased_thenOnlyTheNewestLocalSnapshotFolderIsKept() throws Exception {
        RocksDBKeyedStateBackend backend = (RocksDBKeyedStateBackend) backend(incremental());
        long[] expected = fill(backend);
        for (int id = 1; id <= 4; id++) {
            change(backend, expected, 100, id);
            checkpoint(backend, job(), 0, id);
            backend.notifyCheckpointComplete(id);
        }

        List<Path> instance = RocksTesting.list(dir.resolve("work"));
        assertEquals(1, instance.size(), instance.toString());
        List<String> local = RocksTesting.list(instance.get(0)).stream().map(p -> p.getFileName().toString())
                .filter(name -> name.startsWith("chk-")).toList();
        assertEquals(1, local.size(), "local snapshot folders: " + local);
        assertTrue(local.get(0).startsWith("chk-4-"), local.toString());
    }

    @Test
    void whenASharedFileIsMissingOrTruncated_thenRestoreFailsNamingIt() throws Exception {
        KeyedStateBackend backend = backend(incremental());
        fill(backend);
        KeyedStateHandle first = checkpoint(backend, job(), 0, 1);
        Path shared = job().resolve(first.sharedFiles().get(0).path());
        byte[] bytes = Files.readAllBytes(shared);
        Files.write(shared, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        KeyedStateBackend truncated = backend(incremental());
        // A corrupt checkpoint, refused as every unreadable completed checkpoint is (with the choices).
        RuntimeException e = assertThrows(dev.weir.checkpoint.CheckpointException.class,
                () -> truncated.restore(List.of(restored(job(), first, ALL))));
        assertTrue(e.getMessage().contains(shared.toString()) && e.getMessage().contains("truncated")
                && e.getMessage().contains("Put the damaged file back"), e.getMessage());

        Files.delete(shared);
        KeyedStateBackend missing = backend(incremental());
        e = assertThrows(dev.weir.checkpoint.CheckpointException.class,
                () -> missing.restore(List.of(restored(job(), first, ALL))));
        assertTrue(e.getMessage().contains(shared.toString()) && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void whenNothingWasEverWritten_thenTheSnapshotIsEmpty_andWithOnlyTimersItIsNot() throws Exception {
        KeyedStateBackend backend = backend(incremental());
        assertTrue(backend.snapshot(1).isEmpty());
        backend.release();

        backend.setCurrentKey(5L);
        backend.timers().add(new dev.weir.state.TimerQueue.Timer(100, 5L));
        KeyedSnapshot withTimer = backend.snapshot(2);
        assertFalse(withTimer.isEmpty());
        KeyedStateHandle handle = withTimer.write(RocksTesting.target(job(), 0, 2));
        backend.release();

        KeyedStateBackend fresh = backend(incremental());
        fresh.restore(List.of(restored(job(), handle, ALL)));
        assertEquals(new dev.weir.state.TimerQueue.Timer(100, 5L), fresh.timers().poll());
        assertNull(fresh.timers().poll());
    }

    /** A namespace as a window operator files timers under. */
    record Window(long start, long end) {
    }

    @Test
    void eventTimeTimersWithNamespacesComeBackFromASnapshotInTimestampOrder() throws Exception {
        KeyedStateBackend backend = backend(incremental());
        backend.setCurrentKey(5L);
        backend.timers().add(new dev.weir.state.TimerQueue.Timer(300, 5L, new Window(0, 300), true));
        backend.timers().add(new dev.weir.state.TimerQueue.Timer(100, 5L, new Window(0, 100), true));
        backend.timers().add(new dev.weir.state.TimerQueue.Timer(200, 7L, null, true));
        backend.timers().add(new dev.weir.state.TimerQueue.Timer(150, 5L)); // processing time
        KeyedStateHandle handle = backend.snapshot(1).write(RocksTesting.target(job(), 0, 1));
        backend.release();

        KeyedStateBackend fresh = backend(incremental());
        fresh.restore(List.of(restored(job(), handle, ALL)));
        assertEquals(new dev.weir.state.TimerQueue.Timer(100, 5L, new Window(0, 100), true),
                fresh.timers().pollEventTime());
        assertEquals(new dev.weir.state.TimerQueue.Timer(200, 7L, null, true), fresh.timers().pollEventTime());
        assertEquals(new dev.weir.state.TimerQueue.Timer(300, 5L, new Window(0, 300), true),
                fresh.timers().pollEventTime());
        assertNull(fresh.timers().pollEventTime());
        assertEquals(new dev.weir.state.TimerQueue.Timer(150, 5L), fresh.timers().poll());
        assertNull(fresh.timers().poll());
    }

    private static void deleteRecursively(Path path) throws IOException {
        RocksDBKeyedStateBackend.deleteRecursively(path);
    }
}
