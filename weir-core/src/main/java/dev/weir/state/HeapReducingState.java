package dev.weir.state;

import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.state.ReducingState;

final class HeapReducingState<T> implements ReducingState<T> {
    private final HeapKeyedStateBackend backend;
    private final StateTable table;
    private final ReduceFunction<T> reduceFunction;

    HeapReducingState(HeapKeyedStateBackend backend, StateTable table, ReduceFunction<T> reduceFunction) {
        this.backend = backend;
        this.table = table;
        this.reduceFunction = reduceFunction;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get() {
        return (T) backend.get(table, null);
    }

    @Override
    public void add(T value) {
        @SuppressWarnings("unchecked")
        T current = (T) backend.getForUpdate(table, null); // a reduce function may change it in place
        try {
            backend.put(table, null, current == null ? value : reduceFunction.reduce(current, value));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("reduce function of reducing state failed", e);
        }
    }

    @Override
    public void clear() {
        backend.remove(table, null);
    }
}
