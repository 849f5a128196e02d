package dev.weir.examples;

import dev.weir.rocksdb.RocksDBStateBackend;
import dev.weir.state.KeyedStateBackendFactory;

/** The {@code --state heap|rocksdb} and {@code --incremental true|false} options of the jobs and benchmarks. */
public final class StateBackendOption {
    private StateBackendOption() {
    }

    public static KeyedStateBackendFactory parse(JobOptions options) {
        String state = options.getString("state", "heap");
        String incremental = options.getString("incremental", "true");
        if (!incremental.equals("true") && !incremental.equals("false")) {
            throw new IllegalArgumentException("option --incremental takes true or false, got '" + incremental + "'");
        }
        return of(state, Boolean.parseBoolean(incremental));
    }

    /** The backend named {@code heap} or {@code rocksdb}; {@code incremental} applies to rocksdb. */
    public static KeyedStateBackendFactory of(String state, boolean incremental) {
        return switch (state) {
            case "heap" -> KeyedStateBackendFactory.heap();
            case "rocksdb" -> RocksDBStateBackend.create().incremental(incremental);
            default -> throw new IllegalArgumentException("option --state takes heap or rocksdb, got '" + state + "'");
        };
    }
}
