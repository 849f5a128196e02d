package dev.weir.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
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

/** The write-back cache of single-value states: evictions and snapshots never lose a write. */
class RocksDBValueCacheTest {
    private static final KeyGroupRange ALL = new KeyGroupRange(0, KeyGroups.DEFAULT_MAX_PARALLELISM - 1);

    @TempDir
    Path dir;

    private KeyedStateBackend backend(int cacheEntries) throws Exception {
        return RocksDBStateBackend.create().workingDirectory(dir.resolve("work")).valueCacheEntries(cacheEntries)
                .create("op", 0, ALL, KeyGroups.DEFAULT_MAX_PARALLELISM, Serializers.builtInOnly());
    }

    @Test
    void whenTheCacheIsMuchSmallerThanTheKeys_thenEvictedWritesAndClearsAreReadBackAndSnapshotted() throws Exception {
        Path job = dir.resolve("job");
        KeyedStateHandle handle;
        try (KeyedStateBackend backend = backend(3)) {
            ValueState<Long> value = backend.getState(new ValueStateDescriptor<>("v", Long.class));
            ListState<String> list = backend.getListState(new ListStateDescriptor<>("l", String.class));
            for (long round = 1; round <= 3; round++) {
                for (long key = 0; key < 50; key++) {
                    backend.setCurrentKey(key);
                    Long previous = value.value();
                    value.update((previous == null ? 0 : previous) + round);
                    list.add("r" + round);
                }
            }
            backend.setCurrentKey(7L);
            value.clear(); // a cleared value must not come back from RocksDB after eviction
            for (long key = 100; key < 110; key++) { // evict key 7's cleared entry
                backend.setCurrentKey(key);
                value.value();
            }
            backend.setCurrentKey(7L);
            assertNull(value.value());
            backend.setCurrentKey(8L);
            assertEquals(6L, value.value());
            assertEquals(49, backend.countKeys("v"));
            handle = RocksTesting.checkpoint(backend, job, 0, 1);
        }
        try (KeyedStateBackend restored = backend(3)) {
            restored.restore(List.of(RocksTesting.restored(job, handle, ALL)));
            ValueState<Long> value = restored.getState(new ValueStateDescriptor<>("v", Long.class));
            ListState<String> list = restored.getListState(new ListStateDescriptor<>("l", String.class));
            for (long key = 0; key < 50; key++) {
                restored.setCurrentKey(key);
                if (key == 7) {
                    assertNull(value.value());
                } else {
                    assertEquals(6L, value.value(), "key " + key);
                }
                assertEquals(List.of("r1", "r2", "r3"), iterate(list.get()), "key " + key);
            }
        }
    }

    @Test
    void withNoCache_everyWriteGoesStraightToRocksDB() throws Exception {
        try (KeyedStateBackend backend = backend(0)) {
            ValueState<Long> value = backend.getState(new ValueStateDescriptor<>("v", Long.class));
            for (long key = 0; key < 20; key++) {
                backend.setCurrentKey(key);
                value.update(key);
            }
            assertEquals(20, backend.countKeys("v"));
            backend.setCurrentKey(5L);
            assertEquals(5L, value.value());
        }
    }

    private static <T> List<T> iterate(Iterable<T> items) {
        List<T> list = new java.util.ArrayList<>();
        items.forEach(list::add);
        return list;
    }
}
