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

/**
 * Keyed state of one operator subtask, on the Java heap.
 *
 * <p>Each state has a {@link StateTable}: one hash map per key group of this subtask's
 * {@link KeyGroupRange}, so a snapshot can be written and later re-split per key group. The
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

    private Object currentKey;
    private int currentKeyGroupIndex = -1;

    record Registered(StateDescriptor descriptor, KeyedStateKind kind, StateTable table, Object handle,
                      TypeSerializer<Object> valueSerializer) {
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
        return registered == null ? 0 : registered.table().size();
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return register(descriptor, KeyedStateKind.VALUE,
                table -> new HeapValueState<T>(this, table));
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return register(descriptor, KeyedStateKind.LIST,
                table -> new HeapListState<T>(this, table));
    }

    @Override
    public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
        return register(descriptor, KeyedStateKind.MAP, table -> new HeapMapState<K, V>(this, table));
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return register(descriptor, KeyedStateKind.REDUCING,
                table -> new HeapReducingState<>(this, table, descriptor.getReduceFunction()));
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return register(descriptor, KeyedStateKind.AGGREGATING,
                table -> new HeapAggregatingState<>(this, table, descriptor.getAggregateFunction()));
    }

    @SuppressWarnings("unchecked")
    private <S> S register(StateDescriptor descriptor, KeyedStateKind kind, Function<StateTable, S> create) {
        String name = descriptor.getName();
        Registered existing = states.get(name);
        if (existing != null) {
            if (existing.kind() != kind || !existing.descriptor().getStoredTypes().equals(descriptor.getStoredTypes())) {
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
        StateTable table = new StateTable(keyGroupRange, kind == KeyedStateKind.LIST || kind == KeyedStateKind.MAP);
        RestoredChunks chunks = restored.remove(name);
        if (chunks != null) {
            if (chunks.kind() != kind) {
                throw new IllegalStateException("state '" + name + "' was checkpointed as " + chunks.kind()
                        + " state but is now asked for as " + kind + " state");
            }
            fill(table, chunks, valueSerializer, name);
        }
        S handle = create.apply(table);
        states.put(name, new Registered(descriptor, kind, table, handle, valueSerializer));
        return handle;
    }

    private void fill(StateTable table, RestoredChunks chunks, TypeSerializer<Object> valueSerializer, String name) {
        for (Map.Entry<Integer, byte[]> chunk : chunks.chunks().entrySet()) {
            HashMap<Object, Object> map = table.mapForWrite(chunk.getKey() - keyGroupRange.first());
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk.getValue()));
                int entries = dev.weir.state.serialization.VarInts.readLength(in);
                for (int i = 0; i < entries; i++) {
                    Object key = keySerializer.deserialize(in);
                    map.put(key, valueSerializer.deserialize(in));
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
            images.add(new KeyedStateSnapshot.StateImage(entry.getKey(), r.kind(), r.table().freeze(),
                    r.valueSerializer(), null));
        }
        for (Map.Entry<String, RestoredChunks> entry : restored.entrySet()) {
            images.add(new KeyedStateSnapshot.StateImage(entry.getKey(), entry.getValue().kind(), null, null,
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

    // ---- access for the state handles: the current key's entry ----

    Object get(StateTable table) {
        return table.mapForRead(currentKeyGroupIndex()).get(currentKey);
    }

    /** The current key's value, for a handle that changes it in place (list and map states). */
    Object getForUpdate(StateTable table) {
        return table.mapForWrite(currentKeyGroupIndex()).get(currentKey);
    }

    void put(StateTable table, Object value) {
        if (value == null) {
            remove(table);
        } else {
            table.mapForWrite(currentKeyGroupIndex()).put(currentKey, value);
        }
    }

    void remove(StateTable table) {
        table.mapForWrite(currentKeyGroupIndex()).remove(currentKey);
    }

    private int currentKeyGroupIndex() {
        if (currentKeyGroupIndex < 0) {
            throw new IllegalStateException("keyed state used outside of a keyed record or timer: no current key");
        }
        return currentKeyGroupIndex;
    }
}
