package dev.weir.state;

import dev.weir.state.serialization.Serializers;

/**
 * Creates the keyed state backend of each keyed operator subtask; set one on the environment with
 * {@code StreamExecutionEnvironment.setStateBackend}. The default keeps state on the heap.
 */
@FunctionalInterface
public interface KeyedStateBackendFactory extends dev.weir.api.state.StateBackend {

    /**
     * @param operatorUid the operator's uid (a stable name for local files)
     * @param subtask     the subtask index
     */
    KeyedStateBackend create(String operatorUid, int subtask, KeyGroupRange keyGroups, int maxParallelism,
                             Serializers serializers) throws Exception;

    /** State on the Java heap, snapshotted with copy-on-write (the default). */
    static KeyedStateBackendFactory heap() {
        return HeapStateBackend.INSTANCE;
    }
}
