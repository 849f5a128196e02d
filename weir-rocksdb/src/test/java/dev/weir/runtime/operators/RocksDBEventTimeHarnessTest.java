package dev.weir.runtime.operators;

import dev.weir.rocksdb.RocksDBStateBackend;
import dev.weir.testing.OperatorHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of {@link EventTimeHarnessTest} on the RocksDB backend, whose timers live in RocksDB:
 * firing in order, end of input, restore at the same and at another parallelism.
 */
class RocksDBEventTimeHarnessTest extends EventTimeHarnessTest {
    @TempDir
    Path dir;

    @Override
    OperatorHarness.Builder harness() {
        return OperatorHarness.builder().stateBackend(RocksDBStateBackend.create().workingDirectory(dir.resolve("rocksdb")));
    }
}
