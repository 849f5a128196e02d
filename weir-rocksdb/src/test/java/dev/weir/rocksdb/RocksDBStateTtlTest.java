package dev.weir.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.state.StateTtlConfig;
import dev.weir.state.KeyedStateBackendFactory;
import dev.weir.state.ttl.StateTtlContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State time-to-live on the RocksDB backend, plus what stands in for Flink's TTL compaction filter. */
class RocksDBStateTtlTest extends StateTtlContract {
    @TempDir
    Path dir;

    @Override
    protected KeyedStateBackendFactory backend() {
        return RocksDBStateBackend.create().workingDirectory(dir.resolve("work"));
    }

    @Test
    void anExplicitCompactionFilterStrategyRemovesExpiredEntriesWhenASnapshotIsTaken() throws Exception {
        var h = harness(StateTtlConfig.newBuilder(TTL).cleanupInRocksdbCompactFilter(1000)
                .disableCleanupInBackground().build());
        for (int key = 0; key < 20; key++) {
            run(h, key, s -> s.map.put("k", "v"));
        }
        h.setProcessingTime(60);
        run(h, "young", s -> s.map.put("k", "v"));
        h.setProcessingTime(120);
        assertEquals(21, h.keyedState().countKeys("map"), "nothing removed before the snapshot");
        h.snapshot(1);
        assertEquals(1, h.keyedState().countKeys("map"), "the snapshot's pass removed the 20 expired entries");
    }

    @Test
    void incrementalCleanupNeverDeletesAnEntryWrittenAfterItsIteratorWasOpened() throws Exception {
        var h = harness(StateTtlConfig.newBuilder(TTL).cleanupIncrementally(1, false).disableCleanupInBackground()
                .build());
        for (int key = 0; key < 20; key++) {
            run(h, key, s -> s.map.put("k", "old"));
        }
        h.snapshot(1);
        h.setProcessingTime(200);
        run(h, "other", s -> s.map.put("k", "o")); // the first step opens the iterator: it sees 20 expired entries
        for (int key = 0; key < 20; key++) {
            run(h, key, s -> s.map.put("k", "fresh")); // map entries go straight to the database; each put steps once
        }
        for (int i = 0; i < 40; i++) {
            run(h, "other", s -> s.map.get("k"));
        }
        assertEquals(21, h.keyedState().countKeys("map"), "every entry was rewritten before the iterator reached it");
        for (int key = 0; key < 20; key++) {
            assertEquals("fresh", call(h, key, s -> s.map.get("k")));
        }
    }

    @Test
    void theDefaultBackgroundCleanupAddsNoPassAtSnapshots() throws Exception {
        var h = harness(StateTtlConfig.newBuilder(TTL).build()); // background: incremental, 5 entries per access
        for (int key = 0; key < 20; key++) {
            run(h, key, s -> s.map.put("k", "v"));
        }
        h.setProcessingTime(120);
        h.snapshot(1);
        assertEquals(20, h.keyedState().countKeys("map"), "no state access since: nothing checked yet");
    }
}
