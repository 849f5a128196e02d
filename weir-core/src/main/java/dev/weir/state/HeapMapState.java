package dev.weir.state;

import dev.weir.api.state.MapState;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

final class HeapMapState<K, V> implements MapState<K, V> {
    private final HeapKeyedStateBackend backend;
    private final StateTable table;

    HeapMapState(HeapKeyedStateBackend backend, StateTable table) {
        this.backend = backend;
        this.table = table;
    }

    @SuppressWarnings("unchecked")
    private Map<K, V> current() {
        Map<K, V> map = (Map<K, V>) backend.get(table, null);
        return map == null ? Collections.emptyMap() : map;
    }

    @SuppressWarnings("unchecked")
    private Map<K, V> currentForUpdate() {
        Map<K, V> map = (Map<K, V>) backend.getForUpdate(table, null);
        if (map == null) {
            map = new HashMap<>();
            backend.put(table, null, map);
        }
        return map;
    }

    @Override
    public V get(K key) {
        return current().get(key);
    }

    @Override
    public void put(K key, V value) {
        currentForUpdate().put(key, value);
    }

    @Override
    public void putAll(Map<K, V> entries) {
        if (!entries.isEmpty()) {
            currentForUpdate().putAll(entries);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void remove(K key) {
        Map<K, V> map = (Map<K, V>) backend.getForUpdate(table, null);
        if (map != null && map.remove(key) != null && map.isEmpty()) {
            backend.remove(table, null);
        }
    }

    @Override
    public boolean contains(K key) {
        return current().containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
        return Collections.unmodifiableMap(current()).entrySet();
    }

    @Override
    public Iterable<K> keys() {
        return Collections.unmodifiableMap(current()).keySet();
    }

    @Override
    public Iterable<V> values() {
        return Collections.unmodifiableMap(current()).values();
    }

    @Override
    public boolean isEmpty() {
        return current().isEmpty();
    }

    @Override
    public void clear() {
        backend.remove(table, null);
    }
}
