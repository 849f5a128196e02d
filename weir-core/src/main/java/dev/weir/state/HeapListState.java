package dev.weir.state;

import dev.weir.api.state.ListState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

final class HeapListState<T> implements ListState<T> {
    private final HeapKeyedStateBackend backend;
    private final StateTable table;

    HeapListState(HeapKeyedStateBackend backend, StateTable table) {
        this.backend = backend;
        this.table = table;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterable<T> get() {
        List<T> list = (List<T>) backend.get(table, null);
        return list == null ? Collections.emptyList() : Collections.unmodifiableList(list);
    }

    @Override
    public void add(T value) {
        addAll(List.of(value));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void addAll(List<T> values) {
        if (values.isEmpty()) {
            return;
        }
        List<T> list = (List<T>) backend.getForUpdate(table, null);
        if (list == null) {
            list = new ArrayList<>(values.size());
            backend.put(table, null, list);
        }
        list.addAll(values);
    }

    @Override
    public void update(List<T> values) {
        backend.put(table, null, values.isEmpty() ? null : new ArrayList<>(values));
    }

    @Override
    public void clear() {
        backend.remove(table, null);
    }
}
