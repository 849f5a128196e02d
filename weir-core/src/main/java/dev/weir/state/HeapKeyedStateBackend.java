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
import dev.weir.api.state.StateTtlConfig;
import dev.weir.state.serialization.SchemaMigration;
import dev.weir.state.serialization.Serializers;
import dev.weir.state.serialization.TypeSchema;
import dev.weir.state.ttl.TtlPolicy;
import dev.weir.state.ttl.TtlStateFactory;
import dev.weir.state.ttl.TtlStorage;
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
 * entry of that key. Values, reduced values and accumulators declared as {@code Long}, {@code Integer} or
 * {@code Double} are held as bits in the tables' rows ({@link ValueKind}): no object per entry or per update;
 * a handle boxes a value only where it returns it. Single-threaded: used only on the task thread, except that a
 * {@link KeyedStateSnapshot} it made is written from another thread.
 *
 * <p><b>Restore</b> reads the key groups of this subtask's range from the files of the restored
 * checkpoint and keeps them as bytes until the function registers the state (its descriptor
 * brings the serializer); a restored state that is never registered is carried into the next
 * snapshot unchanged.
 *
 * <p><b>Time-to-live</b> is the shared TTL layer ({@link TtlStateFactory}) over this backend's states; this
 * backend adds its storage walks: incremental cleanup ({@link StateTable#cleanExpired}, a cursor over the
 * key groups' tables) and full-snapshot cleanup (expired values left out while a snapshot is written).
 */
public final class HeapKeyedStateBackend implements KeyedStateBackend {

    private final String operatorUid;
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

    /** The clock of time-to-live: the task's processing time once {@link #useTtlClock} was called. */
    private java.util.function.LongSupplier ttlClock = System::currentTimeMillis;
    private final TtlStateFactory ttl = new TtlStateFactory(new TtlTables(), () -> ttlClock.getAsLong());
    /** Incremental cleanup steps run for every record (runCleanupForEveryRecord); empty mostly. */
    private final List<Runnable> cleanupPerRecord = new java.util.ArrayList<>();

    /**
     * A registered state. A namespaced state ({@link #getNamespacedState}) has kind MAP: its table holds
     * (key, namespace) → value, and it is written as map state (key → namespace → value).
     */
    record Registered(StateDescriptor descriptor, KeyedStateKind kind, boolean namespaced, StateTable table,
                      Object handle, TypeSerializer<Object> valueSerializer, TtlPolicy ttl, TypeSchema schema) {
    }

    /** Serialized key groups of one restored state, by key group, with the schema of their values (null if none). */
    record RestoredChunks(KeyedStateKind kind, TypeSchema schema, Map<Integer, byte[]> chunks) {
    }

    public HeapKeyedStateBackend(KeyGroupRange keyGroupRange, int maxParallelism, Serializers serializers) {
        this("(an operator)", keyGroupRange, maxParallelism, serializers);
    }

    /** @param operatorUid the operator's uid, for messages */
    public HeapKeyedStateBackend(String operatorUid, KeyGroupRange keyGroupRange, int maxParallelism,
                                 Serializers serializers) {
        this.operatorUid = operatorUid;
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
        if (key == null) {
            currentKey = null;
            currentKeyGroupIndex = -1;
            return;
        }
        int keyGroup = KeyGroups.ownedKeyGroup(key, maxParallelism, keyGroupRange);
        currentKey = key;
        currentKeyGroupIndex = keyGroup - keyGroupRange.first();
        for (int i = 0; i < cleanupPerRecord.size(); i++) {
            cleanupPerRecord.get(i).run();
        }
    }

    @Override
    public void setCurrentKey(Object key, int keyGroup) {
        if (!keyGroupRange.contains(keyGroup)) { // the partitioner's key group: this subtask must own it
            throw new IllegalStateException("key '" + key + "' comes with key group " + keyGroup
                    + ", outside this subtask's " + keyGroupRange + ": the partitioner and this operator disagree");
        }
        currentKey = key;
        currentKeyGroupIndex = keyGroup - keyGroupRange.first();
        for (int i = 0; i < cleanupPerRecord.size(); i++) {
            cleanupPerRecord.get(i).run();
        }
    }

    @Override
    public void useTtlClock(java.util.function.LongSupplier clock) {
        this.ttlClock = clock;
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
    public List<Object> keys(String stateName) {
        Registered registered = states.get(stateName);
        if (registered == null) {
            return List.of();
        }
        java.util.Set<Object> keys = new java.util.LinkedHashSet<>();
        try {
            for (KeyGroupTable.Frozen group : registered.table().view()) {
                group.forEach((key, namespace, value) -> keys.add(key));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new java.util.ArrayList<>(keys);
    }

    @Override
    public long countKeys(String stateName) {
        Registered registered = states.get(stateName);
        if (registered == null) {
            return 0;
        }
        // a namespaced state has an entry per key and namespace: count its distinct keys (diagnostics only)
        return registered.namespaced() ? keys(stateName).size() : registered.table().size();
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        if (TtlStateFactory.hasTtl(descriptor)) {
            return ttl.valueState(descriptor);
        }
        return register(descriptor, KeyedStateKind.VALUE, false, table -> new HeapValueState<T>(this, table));
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        if (TtlStateFactory.hasTtl(descriptor)) {
            return ttl.listState(descriptor);
        }
        return register(descriptor, KeyedStateKind.LIST, false, table -> new HeapListState<T>(this, table));
    }

    @Override
    public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
        if (TtlStateFactory.hasTtl(descriptor)) {
            return ttl.mapState(descriptor);
        }
        return register(descriptor, KeyedStateKind.MAP, false, table -> new HeapMapState<K, V>(this, table));
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        if (TtlStateFactory.hasTtl(descriptor)) {
            return ttl.reducingState(descriptor);
        }
        return register(descriptor, KeyedStateKind.REDUCING, false,
                table -> new HeapReducingState<>(this, table, descriptor.getReduceFunction()));
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        if (TtlStateFactory.hasTtl(descriptor)) {
            return ttl.aggregatingState(descriptor);
        }
        return register(descriptor, KeyedStateKind.AGGREGATING, false,
                table -> new HeapAggregatingState<>(this, table, descriptor.getAggregateFunction()));
    }

    /** Each (key, namespace) is one entry of the state's table; written as the map state of {@code descriptor}. */
    @Override
    public <N, V> NamespacedState<N, V> getNamespacedState(MapStateDescriptor<N, V> descriptor) {
        TtlStateFactory.refuseTtl(descriptor, "namespaced (window) state");
        return register(descriptor, KeyedStateKind.MAP, true, table -> new HeapNamespacedState<N, V>(this, table));
    }

    /** Registers the states of the TTL layer: values stored as {@link dev.weir.state.ttl.TtlValue}s, kinds marked TTL. */
    private final class TtlTables implements TtlStorage {
        @Override
        public Serializers serializers() {
            return serializers;
        }

        @Override
        public <T> ValueState<T> ttlValueState(ValueStateDescriptor<T> raw, TtlPolicy policy) {
            return register(raw, KeyedStateKind.TTL_VALUE, false, policy, table -> new HeapValueState<T>(
                    HeapKeyedStateBackend.this, table));
        }

        @Override
        public <T> ListState<T> ttlListState(ListStateDescriptor<T> raw, TtlPolicy policy) {
            return register(raw, KeyedStateKind.TTL_LIST, false, policy, table -> new HeapListState<T>(
                    HeapKeyedStateBackend.this, table));
        }

        @Override
        public <K, V> MapState<K, V> ttlMapState(MapStateDescriptor<K, V> raw, TtlPolicy policy) {
            return register(raw, KeyedStateKind.TTL_MAP, false, policy, table -> new HeapMapState<K, V>(
                    HeapKeyedStateBackend.this, table));
        }

        @Override
        public <T> ReducingState<T> ttlReducingState(ReducingStateDescriptor<T> raw, TtlPolicy policy) {
            return register(raw, KeyedStateKind.TTL_REDUCING, false, policy, table -> new HeapReducingState<>(
                    HeapKeyedStateBackend.this, table, raw.getReduceFunction()));
        }

        @Override
        public <IN, ACC, OUT> AggregatingState<IN, OUT> ttlAggregatingState(
                AggregatingStateDescriptor<IN, ACC, OUT> raw, TtlPolicy policy) {
            return register(raw, KeyedStateKind.TTL_AGGREGATING, false, policy, table -> new HeapAggregatingState<>(
                    HeapKeyedStateBackend.this, table, raw.getAggregateFunction()));
        }

        @Override
        public Runnable incrementalCleanup(String stateName, int entries) {
            return cleanupStep(states.get(stateName).table(), states.get(stateName).ttl(), entries);
        }
    }

    private <S> S register(StateDescriptor descriptor, KeyedStateKind kind, boolean namespaced,
                           Function<StateTable, S> create) {
        return register(descriptor, kind, namespaced, null, create);
    }

    @SuppressWarnings("unchecked")
    private <S> S register(StateDescriptor descriptor, KeyedStateKind kind, boolean namespaced, TtlPolicy policy,
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
        RestoredChunks chunks = restored.get(name);
        TypeSerializer<Object> valueSerializer;
        try {
            valueSerializer = serializers.forStateValues(descriptor, kind, what);
        } catch (IllegalArgumentException e) {
            throw chunks == null ? e : SchemaMigration.noSerializer(chunks.schema(), operatorUid, name, e);
        }
        TypeSchema schema = TypeSchema.of(valueSerializer);
        // values, reduced values and accumulators of type Long, Integer or Double are held as bits in the rows
        ValueKind valueKind = !namespaced && (kind == KeyedStateKind.VALUE || kind == KeyedStateKind.REDUCING
                || kind == KeyedStateKind.AGGREGATING) ? ValueKind.of(stored.get(0)) : ValueKind.OBJECT;
        StateTable table = new StateTable(keyGroupRange, valueKind.isPrimitive() ? null : copierOf(kind, namespaced,
                namespaced ? serializers.forState(stored.get(1), what) : valueSerializer), valueKind);
        if (chunks != null) {
            if (chunks.kind() != kind) {
                throw new IllegalStateException(KeyedStateKind.restoreMismatch(name, chunks.kind(), kind));
            }
            // values of an older schema are migrated here, all of them, as they are read
            TypeSerializer<Object> reader = chunks.schema() == null ? valueSerializer
                    : SchemaMigration.reader(chunks.schema(), valueSerializer, serializers, operatorUid, name);
            fill(table, namespaced, chunks, reader, name);
            restored.remove(name);
        }
        S handle = create.apply(table);
        states.put(name, new Registered(descriptor, kind, namespaced, table, handle, valueSerializer, policy, schema));
        if (policy != null) {
            StateTtlConfig.IncrementalCleanupStrategy incremental =
                    policy.config().getCleanupStrategies().getIncrementalCleanupStrategy();
            if (incremental != null && incremental.runCleanupForEveryRecord()) {
                cleanupPerRecord.add(cleanupStep(table, policy, incremental.getCleanupSize()));
            }
        }
        return handle;
    }

    /** A step of incremental TTL cleanup over {@code table}: up to {@code entries} more entries checked. */
    private static Runnable cleanupStep(StateTable table, TtlPolicy policy, int entries) {
        return () -> table.cleanExpired(entries, policy, policy.now());
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
        return switch (kind.withoutTtl()) {
            case VALUE, TIMERS -> null;
            case LIST -> value -> new java.util.ArrayList<>((List<Object>) value);
            case MAP -> value -> new HashMap<>((Map<Object, Object>) value);
            case REDUCING, AGGREGATING -> value -> copyThrough(serializer, value);
            default -> throw new IllegalArgumentException("no copier for " + kind);
        };
    }

    private Object copyThrough(TypeSerializer<Object> serializer, Object value) {
        if (isImmutable(value)) {
            return value;
        }
        try {
            copyBuffer.reset();
            serializer.serialize(value, copyOut);
            return serializer.deserialize(new DataInputStream(copyBuffer.asInputStream()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot copy a state value with its serializer " + serializer, e);
        }
    }

    /** Values nobody can change in place: boxed primitives and strings need no copy. */
    private static boolean isImmutable(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Double || value instanceof String
                || value instanceof Boolean || value instanceof Short || value instanceof Byte || value instanceof Float
                || value instanceof Character;
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
            KeyedStateSnapshot.ExpiredFilter expired = r.ttl() != null
                    && r.ttl().config().getCleanupStrategies().inFullSnapshot()
                    ? new KeyedStateSnapshot.ExpiredFilter(r.ttl(), r.ttl().now()) : null;
            images.add(new KeyedStateSnapshot.StateImage(entry.getKey(), r.kind(), r.namespaced(), r.table().freeze(),
                    r.valueSerializer(), null, expired, r.schema()));
        }
        for (Map.Entry<String, RestoredChunks> entry : restored.entrySet()) {
            images.add(new KeyedStateSnapshot.StateImage(entry.getKey(), entry.getValue().kind(), false, null, null,
                    entry.getValue().chunks(), null, entry.getValue().schema()));
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
