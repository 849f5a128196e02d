package dev.weir.state;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.BroadcastState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.state.serialization.Serializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The broadcast states of one subtask, a part of its {@link OperatorStateBackend}: one insertion-ordered
 * map per name, snapshotted as a {@link OperatorStateBackend.Mode#BROADCAST} entry of the operator
 * state (one element per map entry: the key's bytes, then the value's). Task thread only.
 */
public final class BroadcastStates {

    private record Registered(MapStateDescriptor<?, ?> descriptor, Map<Object, Object> map,
                              TypeSerializer<Object> keySerializer, TypeSerializer<Object> valueSerializer,
                              Writable<Object, Object> writable) {
    }

    private final OperatorStateBackend backend;
    private final Map<String, Registered> states = new LinkedHashMap<>();

    BroadcastStates(OperatorStateBackend backend) {
        this.backend = backend;
    }

    Set<String> names() {
        return Collections.unmodifiableSet(states.keySet());
    }

    @SuppressWarnings("unchecked")
    <K, V> BroadcastState<K, V> register(MapStateDescriptor<K, V> descriptor, Serializers serializers) {
        dev.weir.state.ttl.TtlStateFactory.refuseTtl(descriptor, "broadcast state");
        String name = descriptor.getName();
        Registered existing = states.get(name);
        if (existing != null) {
            if (!existing.descriptor().getStoredTypes().equals(descriptor.getStoredTypes())) {
                throw new IllegalStateException("broadcast state '" + name + "' is already registered with other "
                        + "types: " + existing.descriptor());
            }
            return (BroadcastState<K, V>) existing.writable();
        }
        TypeSerializer<Object> keys = serializers.forState(descriptor.getStoredTypes().get(0),
                "the keys of broadcast state '" + name + "'");
        TypeSerializer<Object> values = serializers.forState(descriptor.getStoredTypes().get(1),
                "the values of broadcast state '" + name + "'");
        Map<Object, Object> map = new LinkedHashMap<>();
        OperatorStateBackend.RawList raw = backend.takeRestored(name, OperatorStateBackend.Mode.BROADCAST);
        if (raw != null) {
            for (byte[] element : raw.elements()) {
                try {
                    DataInputStream in = new DataInputStream(new ByteArrayInputStream(element));
                    Object key = keys.deserialize(in);
                    map.put(key, values.deserialize(in));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot restore broadcast state '" + name + "': " + e.getMessage()
                            + " (did its key or value type change?)", e);
                }
            }
        }
        Registered registered = new Registered(descriptor, map, keys, values, new Writable<>(name, map));
        states.put(name, registered);
        return (BroadcastState<K, V>) registered.writable();
    }

    /**
     * The state of {@code descriptor} without write access: reads see this subtask's map, writes fail
     * with a message naming the state. Registers it first if needed.
     */
    @SuppressWarnings("unchecked")
    public <K, V> BroadcastState<K, V> readOnly(MapStateDescriptor<K, V> descriptor, Serializers serializers) {
        Writable<K, V> writable = (Writable<K, V>) register(descriptor, serializers);
        return writable.readOnly;
    }

    void snapshot(Map<String, OperatorStateBackend.RawList> image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (Map.Entry<String, Registered> state : states.entrySet()) {
            Registered r = state.getValue();
            List<byte[]> elements = new ArrayList<>(r.map().size());
            for (Map.Entry<Object, Object> entry : r.map().entrySet()) {
                bytes.reset();
                r.keySerializer().serialize(entry.getKey(), out);
                r.valueSerializer().serialize(entry.getValue(), out);
                out.flush();
                elements.add(bytes.toByteArray());
            }
            image.put(state.getKey(), new OperatorStateBackend.RawList(OperatorStateBackend.Mode.BROADCAST, elements));
        }
    }

    /** A broadcast state over a subtask's map, with its read-only view. */
    private static final class Writable<K, V> implements BroadcastState<K, V> {
        private final String name;
        private final Map<K, V> map;
        private final Iterable<Map.Entry<K, V>> immutableEntries; // a live view, made once: no allocation per read
        private final ReadOnly<K, V> readOnly;

        Writable(String name, Map<K, V> map) {
            this.name = name;
            this.map = map;
            this.immutableEntries = Collections.unmodifiableMap(map).entrySet();
            this.readOnly = new ReadOnly<>(this);
        }

        @Override
        public V get(K key) {
            return map.get(key);
        }

        @Override
        public boolean contains(K key) {
            return map.containsKey(key);
        }

        @Override
        public Iterable<Map.Entry<K, V>> immutableEntries() {
            return immutableEntries;
        }

        @Override
        public void put(K key, V value) {
            map.put(key, value);
        }

        @Override
        public void putAll(Map<K, V> values) {
            map.putAll(values);
        }

        @Override
        public void remove(K key) {
            map.remove(key);
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return map.entrySet().iterator();
        }

        @Override
        public Iterable<Map.Entry<K, V>> entries() {
            return map.entrySet();
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    /**
     * The view {@code processElement} gets: it implements {@link BroadcastState} only so that a cast
     * fails with this message rather than a {@code ClassCastException}.
     */
    private static final class ReadOnly<K, V> implements BroadcastState<K, V> {
        private final Writable<K, V> state;

        ReadOnly(Writable<K, V> state) {
            this.state = state;
        }

        private UnsupportedOperationException refused(String change) {
            return new UnsupportedOperationException("broadcast state '" + state.name + "' is read-only here: " + change
                    + " it in processBroadcastElement, which every subtask runs for every broadcast record, so that "
                    + "all subtasks' copies stay equal");
        }

        @Override
        public V get(K key) {
            return state.get(key);
        }

        @Override
        public boolean contains(K key) {
            return state.contains(key);
        }

        @Override
        public Iterable<Map.Entry<K, V>> immutableEntries() {
            return state.immutableEntries();
        }

        @Override
        public void put(K key, V value) {
            throw refused("put into");
        }

        @Override
        public void putAll(Map<K, V> values) {
            throw refused("put into");
        }

        @Override
        public void remove(K key) {
            throw refused("remove from");
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return state.immutableEntries().iterator();
        }

        @Override
        public Iterable<Map.Entry<K, V>> entries() {
            return state.immutableEntries();
        }

        @Override
        public void clear() {
            throw refused("clear");
        }
    }
}
