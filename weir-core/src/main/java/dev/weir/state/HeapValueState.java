package dev.weir.state;

import dev.weir.api.state.ValueState;

final class HeapValueState<T> implements ValueState<T> {
    private final HeapKeyedStateBackend backend;
    private final StateTable table;

    HeapValueState(HeapKeyedStateBackend backend, StateTable table) {
        this.backend = backend;
        this.table = table;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T value() {
        return (T) backend.get(table, null);
    }

    @Override
    public void update(T value) {
        backend.put(table, null, value);
    }

    @Override
    public void clear() {
        backend.remove(table, null);
    }
}
