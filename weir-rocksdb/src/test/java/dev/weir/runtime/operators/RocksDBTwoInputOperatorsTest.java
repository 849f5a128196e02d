package dev.weir.runtime.operators;

import dev.weir.rocksdb.RocksDBStateBackend;
import dev.weir.testing.OperatorHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of {@link TwoInputOperatorsTest} with the keyed state and timers the two inputs share in
 * RocksDB: state of one input read by the other, timers of both domains, restore and rescaling.
 */
class RocksDBTwoInputOperatorsTest extends TwoInputOperatorsTest {
    @TempDir
    Path dir;

    @Override
    OperatorHarness.Builder harness() {
        return OperatorHarness.builder().stateBackend(RocksDBStateBackend.create().workingDirectory(dir.resolve("rocksdb")));
    }
}
