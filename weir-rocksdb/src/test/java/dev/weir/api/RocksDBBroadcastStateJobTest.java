package dev.weir.api;

import dev.weir.rocksdb.RocksDBStateBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The jobs of {@link BroadcastStateJobTest} with their keyed state and timers in RocksDB (broadcast state stays operator state). */
class RocksDBBroadcastStateJobTest extends BroadcastStateJobTest {
    @TempDir
    Path rocksDir;

    @Override
    StreamExecutionEnvironment environment() {
        return super.environment().setStateBackend(RocksDBStateBackend.create().workingDirectory(rocksDir.resolve("rocksdb")));
    }
}
