package dev.weir.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.KeyedStateHandle;
import dev.weir.state.serialization.Serializers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scaling up restores by clipping the old database to the new key-group range. */
class RocksDBClipRestoreTest {
    private static final int MAX = KeyGroups.DEFAULT_MAX_PARALLELISM;

    @TempDir
    Path dir;

    @Test
    void whenOneSubtaskIsRestoredAsTwo_thenEachKeepsExactlyItsKeysBothByClippingAndByCopying() throws Exception {
        Path job = dir.resolve("job");
        KeyGroupRange all = new KeyGroupRange(0, MAX - 1);
        KeyedStateHandle handle;
        RocksDBStateBackend factory = RocksDBStateBackend.create().workingDirectory(dir.resolve("work"));
        try (KeyedStateBackend backend = factory.create("op", 0, all, MAX, Serializers.builtInOnly())) {
            ValueState<Long> value = backend.getState(new ValueStateDescriptor<>("v", Long.class));
            for (long key = 0; key < 5_000; key++) {
                backend.setCurrentKey(key);
                value.update(key * 3);
            }
            handle = RocksTesting.checkpoint(backend, job, 0, 1);
        }
        for (boolean clipping : new boolean[] {true, false}) {
            long total = 0;
            for (int subtask = 0; subtask < 2; subtask++) {
                KeyGroupRange range = KeyGroupRange.forSubtask(MAX, 2, subtask);
                try (KeyedStateBackend restored = factory.restoreByClipping(clipping)
                        .create("op", subtask, range, MAX, Serializers.builtInOnly())) {
                    restored.restore(List.of(RocksTesting.restored(job, handle, all)));
                    ValueState<Long> value = restored.getState(new ValueStateDescriptor<>("v", Long.class));
                    long mine = 0;
                    for (long key = 0; key < 5_000; key++) {
                        if (range.contains(KeyGroups.keyGroupFor(key, MAX))) {
                            restored.setCurrentKey(key);
                            assertEquals(key * 3, value.value(), "key " + key + ", clipping " + clipping);
                            mine++;
                        }
                    }
                    assertEquals(mine, restored.countKeys("v"), "no foreign keys left, clipping " + clipping);
                    total += mine;
                    restored.setCurrentKey(firstKeyIn(range));
                    value.update(null);
                    assertNull(value.value());
                }
            }
            assertEquals(5_000, total);
        }
    }

    private static long firstKeyIn(KeyGroupRange range) {
        for (long key = 0; ; key++) {
            if (range.contains(KeyGroups.keyGroupFor(key, MAX))) {
                return key;
            }
        }
    }
}
