package dev.weir.runtime.operators;

import dev.weir.rocksdb.RocksDBStateBackend;
import dev.weir.testing.OperatorHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Every case of {@link IntervalJoinOperatorTest} with both sides' buffers and the pruning timers in RocksDB. */
class RocksDBIntervalJoinOperatorTest extends IntervalJoinOperatorTest {
    @TempDir
    Path dir;

    @Override
    OperatorHarness.Builder harness() {
        return OperatorHarness.builder().stateBackend(RocksDBStateBackend.create().workingDirectory(dir.resolve("rocksdb")));
    }
}
