package dev.weir.rocksdb;

import static dev.weir.rocksdb.RocksTesting.checkpoint;
import static dev.weir.rocksdb.RocksTesting.restored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.checkpoint.CheckpointException;
import dev.weir.checkpoint.SubtaskStateHandle;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.KeyedStateHandle;
import dev.weir.state.LocalFiles;
import dev.weir.state.serialization.Serializers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRC32C of shared files: recorded at upload from the bytes copied, and checked by the copy-in
 * at restore when the working directory is on another file system than the checkpoints (a copy,
 * not a hard link), so that a damaged file is refused naming the checkpoint's file, not the copy.
 */
class RocksDBSharedFileChecksumTest {
    private static final int MAX = KeyGroups.DEFAULT_MAX_PARALLELISM;
    private static final KeyGroupRange ALL = new KeyGroupRange(0, MAX - 1);
    private static final int KEYS = 2_000;

    @TempDir
    Path dir;

    private final List<KeyedStateBackend> open = new ArrayList<>();
    private Path otherFileSystem;

    @AfterEach
    void closeBackends() throws Exception {
        for (KeyedStateBackend backend : open) {
            backend.close();
        }
        if (otherFileSystem != null) {
            LocalFiles.deleteRecursively(otherFileSystem);
        }
    }

    private Path job() {
        return dir.resolve("job");
    }

    private KeyedStateBackend backend(Path work) throws Exception {
        KeyedStateBackend backend = RocksDBStateBackend.create().workingDirectory(work)
                .create(RocksTesting.UID, 0, ALL, MAX, Serializers.builtInOnly());
        open.add(backend);
        return backend;
    }

    private static ValueState<Long> count(KeyedStateBackend backend) {
        return backend.getState(new ValueStateDescriptor<>("count", Long.class));
    }

    private static void setAll(KeyedStateBackend backend, long value) {
        ValueState<Long> count = count(backend);
        for (long key = 0; key < KEYS; key++) {
            backend.setCurrentKey(key);
            count.update(value);
        }
    }

    private static long sum(KeyedStateBackend backend) {
        ValueState<Long> count = count(backend);
        long sum = 0;
        for (long key = 0; key < KEYS; key++) {
            backend.setCurrentKey(key);
            sum += count.value();
        }
        return sum;
    }

    private static long crc32cOf(Path file) throws Exception {
        CRC32C crc = new CRC32C();
        crc.update(Files.readAllBytes(file));
        return crc.getValue();
    }

    /** A writable directory on another file system than {@code dir} (tmpfs), or the test is skipped. */
    private Path otherFileSystem() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm here");
        assumeFalse(Files.getFileStore(shm).equals(Files.getFileStore(dir)), "/dev/shm is on the test's file system");
        otherFileSystem = Files.createDirectories(shm.resolve("weir-test-" + UUID.randomUUID()));
        return otherFileSystem;
    }

    @Test
    void whenAFileIsUploaded_thenItsRecordedChecksumIsTheCrc32cOfItsContent() throws Exception {
        KeyedStateBackend backend = backend(dir.resolve("work"));
        setAll(backend, 1);
        KeyedStateHandle first = checkpoint(backend, job(), 0, 1);
        backend.notifyCheckpointComplete(1); // its files become the base of the next, incremental, checkpoint
        setAll(backend, 2);
        KeyedStateHandle second = checkpoint(backend, job(), 0, 2);

        assertFalse(first.sharedFiles().isEmpty());
        for (SubtaskStateHandle.SharedFile file : second.sharedFiles()) {
            assertTrue(file.hasChecksum(), file::toString);
            assertEquals(crc32cOf(job().resolve(file.path())), file.crc32c(), file::toString);
            assertEquals(Files.size(job().resolve(file.path())), file.bytes(), file::toString);
        }
        assertTrue(second.sharedFiles().containsAll(first.sharedFiles()),
                "a file the second checkpoint keeps from the first keeps its checksum: " + second.sharedFiles());
    }

    @Test
    void whenTheCopyInReadsAFlippedSharedFile_thenTheRestoreIsRefusedNamingTheCheckpointsFile() throws Exception {
        Path work = otherFileSystem();
        KeyedStateBackend backend = backend(dir.resolve("work"));
        setAll(backend, 3);
        KeyedStateHandle handle = checkpoint(backend, job(), 0, 1);

        KeyedStateBackend intact = backend(work);
        intact.restore(List.of(restored(job(), handle, ALL)));
        assertEquals(3L * KEYS, sum(intact), "a copy (not a link) restores every key");

        SubtaskStateHandle.SharedFile victim = handle.sharedFiles().get(0);
        Path file = job().resolve(victim.path());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);

        KeyedStateBackend damaged = backend(work);
        CheckpointException refused = assertThrows(CheckpointException.class,
                () -> damaged.restore(List.of(restored(job(), handle, ALL))));
        String message = refused.getMessage();
        assertTrue(message.contains("shared file " + file + " of checkpoint 1 is corrupt: its content has CRC32C "
                + String.format("%08x", crc32cOf(file)) + ", the metadata recorded "
                + String.format("%08x", victim.crc32c())), message);
        assertTrue(message.contains("Put the damaged file back"), message);
        assertFalse(message.contains(work.toString()), "names the checkpoint's file, not the local copy: " + message);
    }

    @Test
    void whenAFileOfAFullSnapshotIsFlipped_thenTheRestoreIsRefusedNamingTheCheckpointsFile() throws Exception {
        KeyedStateBackend backend = RocksDBStateBackend.create().workingDirectory(dir.resolve("work")).incremental(false)
                .create(RocksTesting.UID, 0, ALL, MAX, Serializers.builtInOnly());
        open.add(backend);
        setAll(backend, 4);
        KeyedStateHandle handle = checkpoint(backend, job(), 0, 1);
        assertEquals(List.of(), handle.sharedFiles(), "a full snapshot keeps every file in its own folder");
        RocksManifest manifest = RocksTesting.manifest(job(), handle);
        RocksManifest.DbFile sst = manifest.files().stream().filter(f -> f.localName().endsWith(".sst")).findFirst()
                .orElseThrow();
        Path file = job().resolve(sst.storedAt());
        assertEquals(crc32cOf(file), sst.crc32c(), "the manifest records each file's CRC32C");

        KeyedStateBackend intact = backend(dir.resolve("work"));
        intact.restore(List.of(restored(job(), handle, ALL)));
        assertEquals(4L * KEYS, sum(intact));

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 3] ^= 0x02;
        Files.write(file, bytes);
        KeyedStateBackend damaged = backend(dir.resolve("work"));
        CheckpointException refused = assertThrows(CheckpointException.class,
                () -> damaged.restore(List.of(restored(job(), handle, ALL))));
        assertTrue(refused.getMessage().contains("RocksDB file " + file + " of checkpoint 1 is corrupt: its content "
                + "has CRC32C " + String.format("%08x", crc32cOf(file)) + ", the checkpoint recorded "
                + String.format("%08x", sst.crc32c())), refused.getMessage());
        assertTrue(refused.getMessage().contains("Put the damaged file back"), refused.getMessage());
    }
}
