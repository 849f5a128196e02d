package dev.weir.state;

/** {@link NamespacedState} on the heap: each (key, namespace) is one entry of the state's {@link StateTable}. */
final class HeapNamespacedState<N, V> implements NamespacedState<N, V> {
    private final HeapKeyedStateBackend backend;
    private final StateTable table;

    HeapNamespacedState(HeapKeyedStateBackend backend, StateTable table) {
        this.backend = backend;
        this.table = table;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(N namespace) {
        return (V) backend.get(table, namespace);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V getForUpdate(N namespace) {
        return (V) backend.getForUpdate(table, namespace);
    }

    @Override
    public void put(N namespace, V value) {
        backend.put(table, namespace, value);
    }

    @Override
    public void remove(N namespace) {
        backend.remove(table, namespace);
    }

    @Override
    public boolean holdsValuesByReference() {
        return true;
    }
}
