package dev.weir.api.state;

/**
 * Where keyed state lives while a job runs and how it is snapshotted (Flink's name). Weir's local
 * runtime keeps it on the heap unless a backend is set, such as {@code RocksDBStateBackend} of
 * module weir-rocksdb. Set with {@code StreamExecutionEnvironment.setStateBackend(..)}; an engine that runs
 * the job decides which backends it accepts and fails at start, naming the backend, otherwise.
 */
public interface StateBackend {
}
