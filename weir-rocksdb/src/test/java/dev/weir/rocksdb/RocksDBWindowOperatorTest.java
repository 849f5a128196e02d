package dev.weir.rocksdb;

import dev.weir.runtime.operators.windowing.WindowOperatorContract;
import dev.weir.state.KeyedStateBackendFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window operator on RocksDB: window contents, merging window sets and trigger state in real
 * RocksDB instances, snapshotted incrementally and restored (also at another parallelism).
 */
class RocksDBWindowOperatorTest extends WindowOperatorContract {
    @TempDir
    Path dir;

    @Override
    protected KeyedStateBackendFactory backend() {
        return RocksDBStateBackend.create().workingDirectory(dir.resolve("work"));
    }
}
