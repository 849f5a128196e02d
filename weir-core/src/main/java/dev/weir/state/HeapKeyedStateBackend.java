package dev.weir.state;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Keyed state of one operator subtask, on the Java heap.
 *
 * <p>Each state has a {@link StateTable}: one hash map per key group of this subtask's
 * {@link KeyGroupRange}, so a snapshot can be written and later re-split per key group. The
 * operator sets the current key before each record or timer; state handles read and write the
 * entry of that key. Single-threaded: used only on the task thread.
 */
public final class HeapKeyedStateBackend implements KeyedStateStore {

    private final KeyGroupRange keyGroupRange;
    private final int maxParallelism;
    private final Map<String, Registered> states = new LinkedHashMap<>();

    private Object currentKey;
    private int currentKeyGroupIndex = -1;

    private record Registered(StateDescriptor descriptor, StateTable table, Object handle) {
    }

    public HeapKeyedStateBackend(KeyGroupRange keyGroupRange, int maxParallelism) {
        this.keyGroupRange = keyGroupRange;
        this.maxParallelism = maxParallelism;
    }

    /** Makes {@code key} the key that state handles read and write. */
    public void setCurrentKey(Object key) {
        int keyGroup = KeyGroups.keyGroupFor(key, maxParallelism);
        if (!keyGroupRange.contains(keyGroup)) {
            throw new IllegalStateException("key '" + key + "' belongs to key group " + keyGroup
                    + ", outside this subtask's " + keyGroupRange + ": the key's hashCode is not stable");
        }
        currentKey = key;
        currentKeyGroupIndex = keyGroup - keyGroupRange.first();
    }

    public Object getCurrentKey() {
        return currentKey;
    }

    public KeyGroupRange getKeyGroupRange() {
        return keyGroupRange;
    }

    /** The tables of all registered states, by state name (for snapshots and tests). */
    public Map<String, StateTable> tables() {
        Map<String, StateTable> tables = new LinkedHashMap<>();
        states.forEach((name, registered) -> tables.put(name, registered.table()));
        return tables;
    }

    /** Number of keys that have a value in any state (diagnostics and tests). */
    public long countKeys(String stateName) {
        Registered registered = states.get(stateName);
        return registered == null ? 0 : registered.table().size();
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return register(descriptor, HeapValueState.class, table -> new HeapValueState<T>(this, table));
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return register(descriptor, HeapListState.class, table -> new HeapListState<T>(this, table));
    }

    @Override
    public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
        return register(descriptor, HeapMapState.class, table -> new HeapMapState<K, V>(this, table));
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return register(descriptor, HeapReducingState.class,
                table -> new HeapReducingState<>(this, table, descriptor.getReduceFunction()));
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return register(descriptor, HeapAggregatingState.class,
                table -> new HeapAggregatingState<>(this, table, descriptor.getAggregateFunction()));
    }

    @SuppressWarnings("unchecked")
    private <S> S register(StateDescriptor descriptor, Class<?> handleType, Function<StateTable, S> create) {
        Registered existing = states.get(descriptor.getName());
        if (existing != null) {
            if (!handleType.isInstance(existing.handle()) || !sameTypes(existing.descriptor(), descriptor)) {
                throw new IllegalStateException("state '" + descriptor.getName() + "' is already registered as "
                        + existing.descriptor() + " with other types; use another name for " + descriptor);
            }
            return (S) existing.handle();
        }
        StateTable table = new StateTable(keyGroupRange);
        S handle = create.apply(table);
        states.put(descriptor.getName(), new Registered(descriptor, table, handle));
        return handle;
    }

    private static boolean sameTypes(StateDescriptor a, StateDescriptor b) {
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof ValueStateDescriptor<?> va) {
            return va.getType() == ((ValueStateDescriptor<?>) b).getType();
        }
        if (a instanceof ListStateDescriptor<?> la) {
            return la.getElementType() == ((ListStateDescriptor<?>) b).getElementType();
        }
        if (a instanceof MapStateDescriptor<?, ?> ma) {
            MapStateDescriptor<?, ?> mb = (MapStateDescriptor<?, ?>) b;
            return ma.getKeyType() == mb.getKeyType() && ma.getValueType() == mb.getValueType();
        }
        if (a instanceof ReducingStateDescriptor<?> ra) {
            return ra.getType() == ((ReducingStateDescriptor<?>) b).getType();
        }
        return ((AggregatingStateDescriptor<?, ?, ?>) a).getAccumulatorType()
                == ((AggregatingStateDescriptor<?, ?, ?>) b).getAccumulatorType();
    }

    // Package-private accessors used by the state handles: the current key's entry.

    Object get(StateTable table) {
        return table.map(currentKeyGroupIndex()).get(currentKey);
    }

    void put(StateTable table, Object value) {
        if (value == null) {
            remove(table);
        } else {
            table.map(currentKeyGroupIndex()).put(currentKey, value);
        }
    }

    void remove(StateTable table) {
        table.map(currentKeyGroupIndex()).remove(currentKey);
    }

    private int currentKeyGroupIndex() {
        if (currentKeyGroupIndex < 0) {
            throw new IllegalStateException("keyed state used outside of a keyed record or timer: no current key");
        }
        return currentKeyGroupIndex;
    }
}
