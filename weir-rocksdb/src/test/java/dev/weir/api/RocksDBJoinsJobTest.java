package dev.weir.api;

import dev.weir.rocksdb.RocksDBStateBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every job of {@link JoinsJobTest} with its state in RocksDB: the interval join's buffers, and the
 * window join's and coGroup's tagged records written with Weir's serializers.
 */
class RocksDBJoinsJobTest extends JoinsJobTest {
    @TempDir
    Path rocksDir;

    @Override
    StreamExecutionEnvironment env() {
        return super.env().setStateBackend(RocksDBStateBackend.create().workingDirectory(rocksDir));
    }
}
