package dev.weir.state;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.serialization.Serializers;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Keyed state of one operator subtask, on the Java heap.
 *
 * <p>Each state has a {@link StateTable}: one hash table per key group of this subtask's
 * {@link KeyGroupRange}, from (key, namespace) to value, so a snapshot can be written and later re-split
 * per key group. The
 * operator sets the current key before each record or timer; state handles read and write the
 * entry of that key. Single-threaded: used only on the task thread, except that a
 * {@link KeyedStateSnapshot} it made is written from another thread.
 *
 * <p><b>Restore</b> reads the key groups of this subtask's range from the files of the restored
 * checkpoint and keeps them as bytes until the function registers the state (its descriptor
 * brings the serializer); a restored state that is never registered is carried into the next
 * snapshot unchanged.
 */
public final class HeapKeyedStateBackend implements KeyedStateBackend {

    private final KeyGroupRange keyGroupRange;
    private final int maxParallelism;
    private final Serializers serializers;
    private final TypeSerializer<Object> keySerializer;
    private final Map<String, Registered> states = new LinkedHashMap<>();
    private final Map<String, RestoredChunks> restored = new LinkedHashMap<>();
    private final HeapTimerQueue timers;

    private final CopyBuffer copyBuffer = new CopyBuffer();
    private final java.io.DataOutputStream copyOut = new java.io.DataOutputStream(copyBuffer);
    private Object currentKey;
    private int currentKeyGroupIndex = -1;

    /**
     * A registered state. A namespaced state ({@link #getNamespacedState}) has kind MAP: its table holds
     * (key, namespace) → value, and it is written as map state (key → namespace → value).
     */
    record Registered(StateDescriptor descriptor, KeyedStateKind kind, boolean namespaced, StateTable table,
                      Object handle, TypeSerializer<Object> valueSerializer) {
    }

    /** Serialized key groups of one restored state, by key group. */
    record RestoredChunks(KeyedStateKind kind, Map<Integer, byte[]> chunks) {
    }

    public HeapKeyedStateBackend(KeyGroupRange keyGroupRange, int maxParallelism, Serializers serializers) {
        this.keyGroupRange = keyGroupRange;
        this.maxParallelism = maxParallelism;
        this.serializers = serializers;
        this.keySerializer = serializers.dynamic();
        this.timers = new HeapTimerQueue(serializers);
    }

    public HeapKeyedStateBackend(KeyGroupRange keyGroupRange, int maxParallelism) {
        this(keyGroupRange, maxParallelism, Serializers.builtInOnly());
    }

    @Override
    public void setCurrentKey(Object key) {
        int keyGroup = KeyGroups.ownedKeyGroup(key, maxParallelism, keyGroupRange);
        currentKey = key;
        currentKeyGroupIndex = keyGroup - keyGroupRange.first();
    }

    @Override
    public Object getCurrentKey() {
        return currentKey;
    }

    @Override
    public KeyGroupRange getKeyGroupRange() {
        return keyGroupRange;
    }

    @Override
    public TimerQueue timers() {
        return timers;
    }

    /** The tables of all registered states, by state name (for tests and tools). */
    public Map<String, StateTable> tables() {
        Map<String, StateTable> tables = new LinkedHashMap<>();
        states.forEach((name, registered) -> tables.put(name, registered.table()));
        return tables;
    }

    @Override
    public long countKeys(String stateName) {
        Registered registered = states.get(stateName);
        if (registered == null) {
            return 0;
        }
        if (!registered.namespaced()) {
            return registered.table().size();
        }
        java.util.Set<Object> keys = new java.util.HashSet<>(); // diagnostics only: a pass over the entries
        try {
            for (KeyGroupTable.Frozen group : registered.table().view()) {
                group.forEach((key, namespace, value) -> keys.add(key));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return keys.size();
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return register(descriptor, KeyedStateKind.VALUE, false, table -> new HeapValueState<T>(this, table));
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return register(descriptor, KeyedStateKind.LIST, false, table -> new HeapListState<T>(this, table));
    }

    @Override
    public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
        return register(descriptor, KeyedStateKind.MAP, false, table -> new HeapMapState<K, V>(this, table));
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return register(descriptor, KeyedStateKind.REDUCING, false,
                table -> new HeapReducingState<>(this, table, descriptor.getReduceFunction()));
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return register(descriptor, KeyedStateKind.AGGREGATING, false,
                table -> new HeapAggregatingState<>(this, table, descriptor.getAggregateFunction()));
    }

    /** Each (key, namespace) is one entry of the state's table; written as the map state of {@code descriptor}. */
    @Override
    public <N, V> NamespacedState<N, V> getNamespacedState(MapStateDescriptor<N, V> descriptor) {
        return register(descriptor, KeyedStateKind.MAP, true, table -> new HeapNamespacedState<N, V>(this, table));
    }

    @SuppressWarnings("unchecked")
    private <S> S register(StateDescriptor descriptor, KeyedStateKind kind, boolean namespaced,
                           Function<StateTable, S> create) {
        String name = descriptor.getName();
        Registered existing = states.get(name);
        if (existing != null) {
            if (existing.kind() != kind || existing.namespaced() != namespaced
                    || !existing.descriptor().getStoredTypes().equals(descriptor.getStoredTypes())) {
                throw new IllegalStateException("state '" + name + "' is already registered as "
                        + existing.descriptor() + " with other types; use another name for " + descriptor);
            }
            return (S) existing.handle();
        }
        String what = "keyed state '" + name + "'";
        List<StateDescriptor.StoredType> stored = descriptor.getStoredTypes();
        TypeSerializer<Object> valueSerializer = kind == KeyedStateKind.MAP
                ? (TypeSerializer<Object>) (TypeSerializer<?>) Serializers.mapOf(
                        serializers.forState(stored.get(0), what), serializers.forState(stored.get(1), what))
                : kind == KeyedStateKind.LIST
                ? (TypeSerializer<Object>) (TypeSerializer<?>) Serializers.listOf(serializers.forState(stored.get(0), what))
                : serializers.forState(stored.get(0), what);
        StateTable table = new StateTable(keyGroupRange, copierOf(kind, namespaced,
                namespaced ? serializers.forState(stored.get(1), what) : valueSerializer));
        RestoredChunks chunks = restored.remove(name);
        if (chunks != null) {
            if (chunks.kind() != kind) {
                throw new IllegalStateException("state '" + name + "' was checkpointed as " + chunks.kind()
                        + " state but is now asked for as " + kind + " state");
            }
            fill(table, namespaced, chunks, valueSerializer, name);
        }
        S handle = create.apply(table);
        states.put(name, new Registered(descriptor, kind, namespaced, table, handle, valueSerializer));
        return handle;
    }

    /**
     * How the values a handle changes in place are copied while a snapshot shares them: lists and maps
     * (containers of immutable elements) shallowly; accumulators, reduced values and window contents, which user
     * functions may change in place, through their serializer. Values of value state are replaced, never changed.
     */
    @SuppressWarnings("unchecked")
    private UnaryOperator<Object> copierOf(KeyedStateKind kind, boolean namespaced,
                                                  TypeSerializer<Object> serializer) {
        if (namespaced) {
            return value -> copyThrough(serializer, value);
        }
        return switch (kind) {
            case VALUE, TIMERS -> null;
            case LIST -> value -> new java.util.ArrayList<>((List<Object>) value);
            case MAP -> value -> new HashMap<>((Map<Object, Object>) value);
            case REDUCING, AGGREGATING -> value -> copyThrough(serializer, value);
        };
    }

    private Object copyThrough(TypeSerializer<Object> serializer, Object value) {
        try {
            copyBuffer.reset();
            serializer.serialize(value, copyOut);
            return serializer.deserialize(new DataInputStream(copyBuffer.asInputStream()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot copy a state value with its serializer " + serializer, e);
        }
    }

    /** The bytes of the value being copied: one buffer, reused (task thread only). */
    private static final class CopyBuffer extends java.io.ByteArrayOutputStream {
        ByteArrayInputStream asInputStream() {
            return new ByteArrayInputStream(buf, 0, count);
        }
    }

    @SuppressWarnings("unchecked")
    private void fill(StateTable table, boolean namespaced, RestoredChunks chunks, TypeSerializer<Object> valueSerializer,
                      String name) {
        for (Map.Entry<Integer, byte[]> chunk : chunks.chunks().entrySet()) {
            KeyGroupTable group = table.group(chunk.getKey() - keyGroupRange.first());
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk.getValue()));
                int entries = dev.weir.state.serialization.VarInts.readLength(in);
                for (int i = 0; i < entries; i++) {
                    Object key = keySerializer.deserialize(in);
                    Object value = valueSerializer.deserialize(in);
                    if (namespaced) {
                        for (Map.Entry<Object, Object> entry : ((Map<Object, Object>) value).entrySet()) {
                            group.put(key, entry.getKey(), entry.getValue());
                        }
                    } else {
                        group.put(key, null, value);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot restore key group " + chunk.getKey() + " of keyed state '"
                        + name + "': " + e.getMessage() + " (did the state's type change?)", e);
            }
        }
    }

    // ---- snapshot and restore ----

    /**
     * The synchronous part of a snapshot: freezes every table (copy-on-write) and copies the
     * timers. The returned snapshot is written off the task thread; call {@link #release} on the
     * task thread when it has been written (or given up).
     */
    public KeyedStateSnapshot snapshot() {
        return snapshot(0);
    }

    @Override
    public KeyedStateSnapshot snapshot(long checkpointId) {
        List<KeyedStateSnapshot.StateImage> images = new java.util.ArrayList<>();
        for (Map.Entry<String, Registered> entry : states.entrySet()) {
            Registered r = entry.getValue();
            images.add(new KeyedStateSnapshot.StateImage(entry.getKey(), r.kind(), r.namespaced(), r.table().freeze(),
                    r.valueSerializer(), null));
        }
        for (Map.Entry<String, RestoredChunks> entry : restored.entrySet()) {
            images.add(new KeyedStateSnapshot.StateImage(entry.getKey(), entry.getValue().kind(), false, null, null,
                    entry.getValue().chunks()));
        }
        return new KeyedStateSnapshot(keyGroupRange, maxParallelism, keySerializer, images, timers.freeze(), timers);
    }

    /** A snapshot made by {@link #snapshot} is no longer being written. Task thread only. */
    @Override
    public void release() {
        for (Registered r : states.values()) {
            r.table().release();
        }
    }

    /** Loads the key groups of this subtask's range from checkpointed keyed-state files. Before any use. */
    public void restoreFiles(List<Path> files) throws IOException {
        for (Path file : files) {
            KeyedStateSnapshot.readInto(file, keyGroupRange, keySerializer, restored, timers, maxParallelism);
        }
    }

    @Override
    public void restore(List<RestoredKeyedState> snapshots) throws IOException {
        restoreFiles(snapshots.stream().map(RestoredKeyedState::mainFile).toList());
    }

    @Override
    public void close() {
        states.clear(); // heap state needs no cleanup beyond letting it go
    }

    // ---- access for the state handles: the current key's entry (in a namespace, or null) ----

    Object get(StateTable table, Object namespace) {
        return table.group(currentKeyGroupIndex()).get(currentKey, namespace);
    }

    /** The current key's value, for a handle that changes it in place (not shared with a snapshot). */
    Object getForUpdate(StateTable table, Object namespace) {
        return table.group(currentKeyGroupIndex()).getForUpdate(currentKey, namespace);
    }

    void put(StateTable table, Object namespace, Object value) {
        if (value == null) {
            remove(table, namespace);
        } else {
            table.group(currentKeyGroupIndex()).put(currentKey, namespace, value);
        }
    }

    void remove(StateTable table, Object namespace) {
        table.group(currentKeyGroupIndex()).remove(currentKey, namespace);
    }

    private int currentKeyGroupIndex() {
        if (currentKeyGroupIndex < 0) {
            throw new IllegalStateException("keyed state used outside of a keyed record or timer: no current key");
        }
        return currentKeyGroupIndex;
    }
}
