package dev.weir.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.configuration.CheckpointingOptions;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.StateBackendOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code state.backend.type: rocksdb} finds this module's backend by name. */
class RocksDBConfigurationTest {

    @Test
    void stateBackendTypeRocksdbSetsTheRocksDBBackend_incrementalUnlessConfiguredOtherwise() {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);

        RocksDBStateBackend backend = assertInstanceOf(RocksDBStateBackend.class, env.getJobSpec().stateBackend());
        assertTrue(backend.isIncremental());
        assertEquals("rocksdb", env.getConfiguration().get(StateBackendOptions.STATE_BACKEND));
    }

    @Test
    void flinksOlderKeysSelectAFullSnapshottingRocksDBBackend() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(Map.of(
                "state.backend", "RocksDB", "state.backend.incremental", "false")));

        RocksDBStateBackend backend = assertInstanceOf(RocksDBStateBackend.class, env.getJobSpec().stateBackend());
        assertFalse(backend.isIncremental());
        assertTrue(Configuration.fromMap(env.getConfiguration().toMap())
                .contains(CheckpointingOptions.CHECKPOINTING_TIMEOUT));
    }
}
