package dev.weir.rocksdb;

import static dev.weir.rocksdb.RocksTesting.checkpoint;
import static dev.weir.rocksdb.RocksTesting.restored;
import static dev.weir.rocksdb.RocksTesting.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import dev.weir.state.KeyedSnapshot;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.KeyedStateHandle;
import dev.weir.state.SnapshotTarget;
import dev.weir.state.serialization.Serializers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local folder of a snapshot (the RocksDB checkpoint its asynchronous part copies from) while
 * the task takes newer snapshots: it stays whole until its write has run, and an image without the
 * database's CURRENT file is never written nor restored as an empty database.
 */
class RocksDBLocalSnapshotTest {
    private static final int MAX = KeyGroups.DEFAULT_MAX_PARALLELISM;
    private static final KeyGroupRange ALL = new KeyGroupRange(0, MAX - 1);
    private static final int KEYS = 1_000;

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

    private Path work() {
        return dir.resolve("work");
    }

    private KeyedStateBackend backend() throws Exception {
        KeyedStateBackend backend = RocksDBStateBackend.create().workingDirectory(work())
                .create(RocksTesting.UID, 0, ALL, MAX, Serializers.builtInOnly());
        open.add(backend);
        return backend;
    }

    private static ValueState<Long> count(KeyedStateBackend backend) {
        return backend.getState(new ValueStateDescriptor<>("count", Long.class));
    }

    /** Sets every key's count to {@code value}. */
    private static void setAll(KeyedStateBackend backend, long value) {
        ValueState<Long> count = count(backend);
        for (long key = 0; key < KEYS; key++) {
            backend.setCurrentKey(key);
            count.update(value);
        }
    }

    private static void assertAll(KeyedStateBackend backend, long expected) {
        ValueState<Long> count = count(backend);
        for (long key = 0; key < KEYS; key++) {
            backend.setCurrentKey(key);
            assertEquals(expected, count.value(), "count of key " + key);
        }
    }

    /** The local folder of the one snapshot in progress for {@code checkpointId} (chk-<id>-xxxx). */
    private Path localSnapshotFolder(long checkpointId) throws IOException {
        try (Stream<Path> paths = Files.walk(work(), 2)) {
            List<Path> found = paths.filter(p -> Files.isDirectory(p)
                    && p.getFileName().toString().startsWith("chk-" + checkpointId + "-")).toList();
            assertEquals(1, found.size(), "local snapshot folders of checkpoint " + checkpointId + ": " + found);
            return found.get(0);
        }
    }

    @Test
    void whenTheTaskReleasesSnapshotsBeforeAnOlderOneIsWritten_thenThatWriteStillHasEveryFile() throws Exception {
        KeyedStateBackend backend = backend();
        setAll(backend, 1);
        checkpoint(backend, job(), 0, 1); // a base for the incremental snapshots below
        setAll(backend, 2);
        KeyedSnapshot second = backend.snapshot(2);
        setAll(backend, 3);
        backend.snapshot(3);

        // The write of checkpoint 1 ended and the task releases snapshots, while the write of 2 is
        // still queued behind other tasks' writes (two writer threads for all tasks of a job).
        backend.release();
        KeyedStateHandle written = second.write(target(job(), 0, 2));

        KeyedStateBackend restored = backend();
        restored.restore(List.of(restored(job(), written, ALL)));
        assertAll(restored, 2);
    }

    @Test
    void whenTheTaskClosesTheBackendWhileAWriteIsStarting_thenTheWriteStillHasEveryFile() throws Exception {
        KeyedStateBackend backend = RocksDBStateBackend.create().workingDirectory(work())
                .create(RocksTesting.UID, 0, ALL, MAX, Serializers.builtInOnly());
        setAll(backend, 5);
        KeyedSnapshot snapshot = backend.snapshot(1);
        Path folder = localSnapshotFolder(1);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);
        SnapshotTarget target = target(job(), 0, 1);
        SnapshotTarget paused = new SnapshotTarget() { // holds the write after it began, before it lists the folder
            @Override
            public Path privateFile(String suffix) {
                started.countDown();
                try {
                    proceed.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return target.privateFile(suffix);
            }

            @Override
            public Path sharedDirectory() {
                return target.sharedDirectory();
            }

            @Override
            public String relativize(Path file) {
                return target.relativize(file);
            }
        };
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<KeyedStateHandle> write = threads.submit(() -> snapshot.write(paused));
            started.await();
            // The task failed (another task's failure cancels it) and closes its backend meanwhile.
            java.util.concurrent.Future<?> close = threads.submit(() -> {
                backend.close();
                return null;
            });
            for (int i = 0; i < 50 && Files.exists(folder.resolve("CURRENT")); i++) {
                Thread.sleep(10);
            }
            proceed.countDown();
            KeyedStateHandle written = write.get();
            close.get();

            KeyedStateBackend restored = backend();
            restored.restore(List.of(restored(job(), written, ALL)));
            assertAll(restored, 5);
            assertTrue(Files.notExists(folder), "the closed backend deleted the snapshot's folder after the write");
        } finally {
            proceed.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void whenTheCheckpointOfANewerSnapshotCompleted_thenTheOlderUnwrittenFolderIsDeleted() throws Exception {
        KeyedStateBackend backend = backend();
        setAll(backend, 1);
        backend.snapshot(1); // never written: its checkpoint is subsumed by 2
        Path first = localSnapshotFolder(1);
        setAll(backend, 2);
        checkpoint(backend, job(), 0, 2);
        assertTrue(Files.isDirectory(first), "checkpoint 1 may still be written: " + first);

        backend.notifyCheckpointComplete(2);
        backend.release();

        assertTrue(Files.notExists(first), "checkpoint 1 can no longer complete: " + first);
    }

    @Test
    void whenTheLocalSnapshotHasNoCurrentFile_thenTheWriteFailsInsteadOfStoringAnImageWithoutIt() throws Exception {
        KeyedStateBackend backend = backend();
        setAll(backend, 1);
        KeyedSnapshot snapshot = backend.snapshot(1);
        Files.delete(localSnapshotFolder(1).resolve("CURRENT")); // as a delete running alongside would

        IOException e = assertThrows(IOException.class, () -> snapshot.write(target(job(), 0, 1)));
        assertTrue(e.getMessage().contains("CURRENT"), e.getMessage());
    }

    @Test
    void whenACheckpointHasNoCurrentFile_thenRestoreFailsInsteadOfStartingFromAnEmptyDatabase() throws Exception {
        // The first files a concurrent delete of the folder removed: the write-ahead log, then CURRENT.
        KeyedStateBackend backend = backend();
        setAll(backend, 7);
        KeyedStateHandle written = checkpoint(backend, job(), 0, 1);
        Path manifestFile = job().resolve(written.mainFile());
        RocksManifest manifest = RocksManifest.read(manifestFile);
        Files.delete(manifestFile);
        new RocksManifest(manifest.keyGroups(), manifest.columnFamilies(),
                manifest.files().stream()
                        .filter(f -> !f.localName().equals("CURRENT") && !f.localName().endsWith(".log")).toList())
                .write(manifestFile);

        KeyedStateBackend restored = backend();
        IOException e = assertThrows(IOException.class, () -> restored.restore(List.of(restored(job(), written, ALL))));
        assertTrue(e.getMessage().contains("CURRENT") && e.getMessage().contains(manifestFile.toString()),
                e.getMessage());
    }
}
