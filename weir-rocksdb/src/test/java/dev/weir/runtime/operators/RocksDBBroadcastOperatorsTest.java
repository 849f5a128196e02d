package dev.weir.runtime.operators;

import dev.weir.rocksdb.RocksDBStateBackend;
import dev.weir.testing.OperatorHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of {@link BroadcastOperatorsTest} with the keyed state and timers in RocksDB: applyToKeyedState
 * over a prefix scan of the state's column family, restore and rescaling beside broadcast state.
 */
class RocksDBBroadcastOperatorsTest extends BroadcastOperatorsTest {
    @TempDir
    Path dir;

    @Override
    OperatorHarness.Builder harness() {
        return OperatorHarness.builder().stateBackend(RocksDBStateBackend.create().workingDirectory(dir.resolve("rocksdb")));
    }
}
