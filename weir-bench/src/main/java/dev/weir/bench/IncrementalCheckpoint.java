package dev.weir.bench;

import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.rocksdb.RocksDBStateBackend;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyedSnapshot;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.KeyedStateHandle;
import dev.weir.state.KeyGroups;
import dev.weir.state.RestoredKeyedState;
import dev.weir.state.SnapshotTarget;
import dev.weir.state.serialization.Serializers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The cost of an incremental RocksDB checkpoint: fill one subtask's state with N keys, take a
 * checkpoint (everything is new: a full upload), change a fraction of the keys, take the next one,
 * then restore it into a fresh backend. Prints full_bytes, incremental_bytes, sync_pause_ms,
 * async_ms and restore_ms.
 */
final class IncrementalCheckpoint {
    private IncrementalCheckpoint() {
    }

    static void run(long keys, double changeFraction) throws Exception {
        Path base = Files.createTempDirectory("weir-bench-incremental");
        Path jobDir = base.resolve("job");
        RocksDBStateBackend factory = RocksDBStateBackend.create().workingDirectory(base.resolve("work"));
        KeyGroupRange all = new KeyGroupRange(0, KeyGroups.DEFAULT_MAX_PARALLELISM - 1);
        System.out.println("workload=incremental");
        System.out.println("keys=" + keys + " change_fraction=" + changeFraction);
        try (KeyedStateBackend backend = factory.create("bench", 0, all, KeyGroups.DEFAULT_MAX_PARALLELISM,
                Serializers.builtInOnly())) {
            ValueState<Long> value = backend.getState(new ValueStateDescriptor<>("value", Long.class));
            long start = System.nanoTime();
            for (long key = 0; key < keys; key++) {
                backend.setCurrentKey(key);
                value.update(key * 31);
            }
            System.out.printf("fill_s=%.1f%n", (System.nanoTime() - start) / 1e9);

            Checkpoint first = checkpoint(backend, jobDir, 1);
            backend.notifyCheckpointComplete(1);
            SplittableRandom random = new SplittableRandom(42);
            long changes = (long) (keys * changeFraction);
            for (long i = 0; i < changes; i++) {
                backend.setCurrentKey(random.nextLong(keys));
                value.update(-i);
            }
            Checkpoint second = checkpoint(backend, jobDir, 2);
            System.out.println("full_bytes=" + first.handle.bytesWritten());
            System.out.println("incremental_bytes=" + second.handle.bytesWritten());
            System.out.printf("incremental_ratio=%.4f%n", (double) second.handle.bytesWritten() / first.handle.bytesWritten());
            System.out.printf("sync_pause_ms=%.1f%n", second.syncNanos / 1e6);
            System.out.printf("async_ms=%.1f%n", second.asyncNanos / 1e6);

            long restoreStart = System.nanoTime();
            try (KeyedStateBackend restored = factory.create("bench", 0, all, KeyGroups.DEFAULT_MAX_PARALLELISM,
                    Serializers.builtInOnly())) {
                restored.restore(List.of(new RestoredKeyedState(jobDir.resolve(second.handle.mainFile()), all,
                        second.handle.sharedFiles(), jobDir)));
                ValueState<Long> check = restored.getState(new ValueStateDescriptor<>("value", Long.class));
                restored.setCurrentKey(keys - 1);
                long restoreNanos = System.nanoTime() - restoreStart;
                if (check.value() == null) {
                    throw new IllegalStateException("restored state lacks key " + (keys - 1));
                }
                System.out.printf("restore_ms=%.1f%n", restoreNanos / 1e6);
            }
        } finally {
            dev.weir.state.LocalFiles.deleteRecursively(base);
        }
    }

    private record Checkpoint(KeyedStateHandle handle, long syncNanos, long asyncNanos) {
    }

    private static Checkpoint checkpoint(KeyedStateBackend backend, Path jobDir, long id) throws Exception {
        long syncStart = System.nanoTime();
        KeyedSnapshot snapshot = backend.snapshot(id);
        long syncNanos = System.nanoTime() - syncStart;
        long asyncStart = System.nanoTime();
        KeyedStateHandle handle = snapshot.write(new SnapshotTarget() {
            @Override
            public Path privateFile(String suffix) {
                return jobDir.resolve("chk-" + id).resolve("bench").resolve("0." + suffix);
            }

            @Override
            public Path sharedDirectory() {
                return jobDir.resolve("shared").resolve("bench");
            }

            @Override
            public String relativize(Path file) {
                return jobDir.relativize(file).toString();
            }
        });
        backend.release();
        return new Checkpoint(handle, syncNanos, System.nanoTime() - asyncStart);
    }
}
