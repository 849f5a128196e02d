package dev.weir.api;

import dev.weir.rocksdb.RocksDBStateBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The jobs of {@link EventTimeJobTest} with their keyed state and timers in RocksDB. */
class RocksDBEventTimeJobTest extends EventTimeJobTest {
    @TempDir
    Path dir;

    @Override
    StreamExecutionEnvironment environment() {
        return super.environment().setStateBackend(RocksDBStateBackend.create().workingDirectory(dir.resolve("rocksdb")));
    }
}
