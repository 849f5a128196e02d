package dev.weir.runtime.operators;

import dev.weir.rocksdb.RocksDBStateBackend;
import dev.weir.testing.OperatorHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Every case of {@link ProcessingTimeTimersTest} (registration, deletion, order) with the timers in RocksDB. */
class RocksDBProcessingTimeTimersTest extends ProcessingTimeTimersTest {
    @TempDir
    Path dir;

    @Override
    OperatorHarness.Builder builder() {
        return OperatorHarness.builder().stateBackend(RocksDBStateBackend.create().workingDirectory(dir.resolve("rocksdb")));
    }
}
