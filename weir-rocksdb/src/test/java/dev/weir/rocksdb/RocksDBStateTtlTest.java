package dev.weir.rocksdb;

import dev.weir.state.KeyedStateBackendFactory;
import dev.weir.state.ttl.StateTtlContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** State time-to-live on the RocksDB backend. */
class RocksDBStateTtlTest extends StateTtlContract {
    @TempDir
    Path dir;

    @Override
    protected KeyedStateBackendFactory backend() {
        return RocksDBStateBackend.create().workingDirectory(dir.resolve("work"));
    }
}
