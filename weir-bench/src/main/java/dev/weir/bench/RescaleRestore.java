package dev.weir.bench;

import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.rocksdb.RocksDBStateBackend;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.KeyedStateHandle;
import dev.weir.state.RestoredKeyedState;
import dev.weir.state.SnapshotTarget;
import dev.weir.state.serialization.Serializers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which way a RocksDB subtask restores faster after scaling from 1 to 2: clipping (use the old
 * database's files, delete the other key groups) or copying (read the owned key groups into a new
 * database). Prints restore_clip_ms and restore_copy_ms for the first new subtask.
 */
final class RescaleRestore {
    private RescaleRestore() {
    }

    static void run(long keys) throws Exception {
        Path base = Files.createTempDirectory("weir-bench-rescale");
        Path jobDir = base.resolve("job");
        int max = KeyGroups.DEFAULT_MAX_PARALLELISM;
        KeyGroupRange all = new KeyGroupRange(0, max - 1);
        KeyGroupRange half = KeyGroupRange.forSubtask(max, 2, 0);
        System.out.println("workload=rescale-restore");
        System.out.println("keys=" + keys + " from parallelism 1 to 2");
        try {
            KeyedStateHandle handle;
            RocksDBStateBackend factory = RocksDBStateBackend.create().workingDirectory(base.resolve("work"));
            try (KeyedStateBackend backend = factory.create("bench", 0, all, max, Serializers.builtInOnly())) {
                ValueState<Long> value = backend.getState(new ValueStateDescriptor<>("value", Long.class));
                for (long key = 0; key < keys; key++) {
                    backend.setCurrentKey(key);
                    value.update(key);
                }
                handle = backend.snapshot(1).write(target(jobDir));
            }
            RestoredKeyedState restored = new RestoredKeyedState(jobDir.resolve(handle.mainFile()), all,
                    handle.sharedFiles(), jobDir);
            for (boolean clipping : new boolean[] {true, false, true, false}) {
                long start = System.nanoTime();
                try (KeyedStateBackend backend = factory.restoreByClipping(clipping)
                        .create("bench", 0, half, max, Serializers.builtInOnly())) {
                    backend.restore(List.of(restored));
                    ValueState<Long> value = backend.getState(new ValueStateDescriptor<>("value", Long.class));
                    long probe = firstKeyIn(half, max);
                    backend.setCurrentKey(probe);
                    if (value.value() == null || value.value() != probe) {
                        throw new IllegalStateException("restored state lacks key " + probe);
                    }
                    System.out.printf("restore_%s_ms=%.1f%n", clipping ? "clip" : "copy", (System.nanoTime() - start) / 1e6);
                }
            }
        } finally {
            dev.weir.state.LocalFiles.deleteRecursively(base);
        }
    }

    private static long firstKeyIn(KeyGroupRange range, int max) {
        for (long key = 0; ; key++) {
            if (range.contains(KeyGroups.keyGroupFor(key, max))) {
                return key;
            }
        }
    }

    private static SnapshotTarget target(Path jobDir) {
        return new SnapshotTarget() {
            @Override
            public Path privateFile(String suffix) {
                return jobDir.resolve("chk-1").resolve("bench").resolve("0." + suffix);
            }

            @Override
            public Path sharedDirectory() {
                return jobDir.resolve("shared").resolve("bench");
            }

            @Override
            public String relativize(Path file) {
                return jobDir.relativize(file).toString();
            }
        };
    }
}
