package dev.weir.rocksdb;

import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyedSnapshot;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.KeyedStateHandle;
import dev.weir.state.RestoredKeyedState;
import dev.weir.state.SnapshotTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Drives a backend directly, laid out as a job's checkpoint directory ({@code chk-<n>/}, {@code shared/}). */
final class RocksTesting {
    static final String UID = "op";

    private RocksTesting() {
    }

    /** Where subtask {@code subtask} writes checkpoint {@code checkpointId} in {@code jobDirectory}. */
    static SnapshotTarget target(Path jobDirectory, int subtask, long checkpointId) {
        return new SnapshotTarget() {
            @Override
            public Path privateFile(String suffix) {
                return jobDirectory.resolve(CheckpointStorage.stateFile(checkpointId, UID, subtask, suffix));
            }

            @Override
            public Path sharedDirectory() {
                return jobDirectory.resolve("shared").resolve(UID);
            }

            @Override
            public String relativize(Path file) {
                return jobDirectory.relativize(file).toString().replace('\\', '/');
            }
        };
    }

    /** Synchronous and asynchronous part of a checkpoint, then release, as a task does. */
    static KeyedStateHandle checkpoint(KeyedStateBackend backend, Path jobDirectory, int subtask, long checkpointId)
            throws Exception {
        KeyedSnapshot snapshot = backend.snapshot(checkpointId);
        try {
            return snapshot.write(target(jobDirectory, subtask, checkpointId));
        } finally {
            backend.release();
        }
    }

    static RestoredKeyedState restored(Path jobDirectory, KeyedStateHandle handle, KeyGroupRange keyGroups) {
        return new RestoredKeyedState(jobDirectory.resolve(handle.mainFile()), keyGroups, handle.sharedFiles(),
                jobDirectory);
    }

    static List<String> sharedPaths(KeyedStateHandle handle) {
        return handle.sharedFiles().stream().map(f -> f.path()).sorted().toList();
    }

    static RocksManifest manifest(Path jobDirectory, KeyedStateHandle handle) throws IOException {
        return RocksManifest.read(jobDirectory.resolve(handle.mainFile()));
    }

    /** Every regular file under {@code dir} (relative path → size and content hash). */
    static Map<String, String> fingerprint(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(p).toString(), Files.size(p) + ":" + java.util.Arrays.hashCode(
                        Files.readAllBytes(p)));
            }
        }
        return files;
    }

    /** Regular files under {@code dir}, relative to {@code base}, '/'-separated; empty if it does not exist. */
    static List<String> filesUnder(Path base, Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).map(p -> base.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rewrites a RocksDB manifest as versions without file checksums wrote it (no trailer);
     * returns its new size.
     */
    static long writeWithoutChecksums(Path file) throws IOException {
        RocksManifest manifest = RocksManifest.read(file);
        Files.delete(file);
        return dev.weir.state.StateFiles.write(file, dev.weir.state.StateFiles.KIND_ROCKSDB_MANIFEST, out -> {
            out.writeInt(manifest.keyGroups().first());
            out.writeInt(manifest.keyGroups().last());
            dev.weir.state.serialization.VarInts.write(manifest.columnFamilies().size(), out);
            for (RocksManifest.ColumnFamily cf : manifest.columnFamilies()) {
                dev.weir.state.serialization.Serializers.writeString(cf.name(), out);
                out.writeByte(cf.kind().code());
                out.writeBoolean(cf.schema() != null); // the schema of format 3, which this helper keeps
                if (cf.schema() != null) {
                    dev.weir.state.serialization.TypeSchema.write(cf.schema(), out);
                }
            }
            dev.weir.state.serialization.VarInts.write(manifest.files().size(), out);
            for (RocksManifest.DbFile f : manifest.files()) {
                dev.weir.state.serialization.Serializers.writeString(f.localName(), out);
                dev.weir.state.serialization.Serializers.writeString(f.storedAt(), out);
                out.writeLong(f.bytes());
                out.writeBoolean(f.shared());
            }
        });
    }
}
