package dev.weir.state.ttl;

import dev.weir.api.state.MapState;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Map state with time-to-live: each entry carries its own last-access time and expires alone. The
 * iteration views are lists made when they are asked for (expired entries are removed first).
 */
final class TtlMapState<K, V> implements MapState<K, V> {
    private final MapState<K, TtlValue<V>> stored;
    private final TtlPolicy policy;
    private final Runnable access;

    TtlMapState(MapState<K, TtlValue<V>> stored, TtlPolicy policy, Runnable access) {
        this.stored = stored;
        this.policy = policy;
        this.access = access;
    }

    @Override
    public V get(K key) {
        access.run();
        return read(key);
    }

    private V read(K key) {
        TtlValue<V> value = stored.get(key);
        if (value == null) {
            return null;
        }
        long now = policy.now();
        if (policy.expired(value, now)) {
            stored.remove(key);
            return policy.returnExpired() ? value.value() : null;
        }
        if (policy.updateOnRead()) {
            stored.put(key, new TtlValue<>(value.value(), now));
        }
        return value.value();
    }

    @Override
    public void put(K key, V value) {
        access.run();
        stored.put(key, new TtlValue<>(value, policy.now()));
    }

    @Override
    public void putAll(Map<K, V> entries) {
        access.run();
        long now = policy.now();
        for (Map.Entry<K, V> entry : entries.entrySet()) {
            stored.put(entry.getKey(), new TtlValue<>(entry.getValue(), now));
        }
    }

    @Override
    public void remove(K key) {
        access.run();
        stored.remove(key);
    }

    @Override
    public boolean contains(K key) {
        access.run();
        return read(key) != null;
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
        access.run();
        return visibleEntries();
    }

    @Override
    public Iterable<K> keys() {
        access.run();
        List<K> keys = new ArrayList<>();
        for (Map.Entry<K, V> entry : visibleEntries()) {
            keys.add(entry.getKey());
        }
        return keys;
    }

    @Override
    public Iterable<V> values() {
        access.run();
        List<V> values = new ArrayList<>();
        for (Map.Entry<K, V> entry : visibleEntries()) {
            values.add(entry.getValue());
        }
        return values;
    }

    @Override
    public boolean isEmpty() {
        access.run();
        return visibleEntries().isEmpty();
    }

    /** The entries to show; expired ones are removed (and shown only with ReturnExpiredIfNotCleanedUp). */
    private List<Map.Entry<K, V>> visibleEntries() {
        long now = policy.now();
        List<Map.Entry<K, V>> visible = new ArrayList<>();
        List<K> expired = new ArrayList<>();
        List<Map.Entry<K, V>> touched = policy.updateOnRead() ? new ArrayList<>() : null;
        for (Map.Entry<K, TtlValue<V>> entry : stored.entries()) {
            boolean isExpired = policy.expired(entry.getValue(), now);
            if (isExpired) {
                expired.add(entry.getKey());
            } else if (touched != null) {
                touched.add(new AbstractMap.SimpleImmutableEntry<>(entry.getKey(), entry.getValue().value()));
            }
            if (!isExpired || policy.returnExpired()) {
                visible.add(new AbstractMap.SimpleImmutableEntry<>(entry.getKey(), entry.getValue().value()));
            }
        }
        for (K key : expired) {
            stored.remove(key);
        }
        if (touched != null) {
            for (Map.Entry<K, V> entry : touched) {
                stored.put(entry.getKey(), new TtlValue<>(entry.getValue(), now));
            }
        }
        return visible;
    }

    @Override
    public void clear() {
        access.run();
        stored.clear();
    }
}
