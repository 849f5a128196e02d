package dev.weir.state;

import dev.weir.state.serialization.Serializers;

/** Keyed state on the Java heap, snapshotted with copy-on-write: the default backend. Stateless. */
final class HeapStateBackend implements KeyedStateBackendFactory {
    static final HeapStateBackend INSTANCE = new HeapStateBackend();

    private HeapStateBackend() {
    }

    @Override
    public KeyedStateBackend create(String operatorUid, int subtask, KeyGroupRange keyGroups, int maxParallelism,
                                    Serializers serializers) {
        return new HeapKeyedStateBackend(operatorUid, keyGroups, maxParallelism, serializers);
    }

    @Override
    public String toString() {
        return "heap";
    }
}
