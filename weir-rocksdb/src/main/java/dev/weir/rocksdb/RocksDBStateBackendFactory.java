package dev.weir.rocksdb;

import dev.weir.api.configuration.CheckpointingOptions;
import dev.weir.api.configuration.ReadableConfig;
import dev.weir.api.spi.StateBackendFactory;
import dev.weir.api.state.StateBackend;

/**
 * {@code state.backend.type: rocksdb}: a {@link RocksDBStateBackend}, incremental unless
 * {@code execution.checkpointing.incremental} is false. Found by the API through
 * {@link java.util.ServiceLoader}, so weir-core does not depend on this module.
 */
public final class RocksDBStateBackendFactory implements StateBackendFactory<RocksDBStateBackend> {

    @Override
    public String name() {
        return "rocksdb";
    }

    @Override
    public RocksDBStateBackend createFromConfig(ReadableConfig config, ClassLoader classLoader) {
        return RocksDBStateBackend.create().incremental(config.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS));
    }

    @Override
    public boolean makes(StateBackend backend) {
        return backend instanceof RocksDBStateBackend;
    }
}
