package dev.weir.runtime.operators.windowing;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.serialization.Serializers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyed state scoped to a window as well as a key: the state of triggers
 * ({@code TriggerContext.getPartitionedState}) and of window functions ({@code Context.windowState()}).
 * Each state is kept as a map state of the key in the operator's keyed state, from window to value,
 * under the state's name with a prefix; a handle reads and writes the entry of the current key and the
 * {@linkplain #setWindow current window}. So it lives in either backend, is checkpointed with the rest
 * of the keyed state and is redistributed by key group on rescale.
 *
 * <p>Values are replaced, never changed in place (lists and maps are copied before a change), so a heap
 * snapshot being written is never disturbed. Task thread only.
 */
public final class WindowScopedStates<W> implements KeyedStateStore {
    private final KeyedStateStore keyedState;
    private final Serializers serializers;
    private final TypeSerializer<W> windowSerializer;
    private final String prefix;
    private final Map<String, Scoped<?>> states = new HashMap<>();
    private W window;

    /**
     * @param keyedState       the operator's keyed state (its current key is the key these states use)
     * @param windowSerializer writes the windows (the map keys)
     * @param prefix           prepended to each state's name, keeping these states apart from the others
     */
    public WindowScopedStates(KeyedStateStore keyedState, Serializers serializers, TypeSerializer<W> windowSerializer,
                              String prefix) {
        this.keyedState = keyedState;
        this.serializers = serializers;
        this.windowSerializer = windowSerializer;
        this.prefix = prefix;
    }

    /** Makes {@code window} the window the handles read and write. */
    public void setWindow(W window) {
        this.window = window;
    }

    public W getWindow() {
        return window;
    }

    /** The handle for any kind of descriptor (for {@code getPartitionedState}). */
    @SuppressWarnings("unchecked")
    public <S extends State> S getPartitionedState(StateDescriptor descriptor) {
        if (descriptor instanceof ValueStateDescriptor<?> d) {
            return (S) getState(d);
        } else if (descriptor instanceof ListStateDescriptor<?> d) {
            return (S) getListState(d);
        } else if (descriptor instanceof ReducingStateDescriptor<?> d) {
            return (S) getReducingState(d);
        } else if (descriptor instanceof AggregatingStateDescriptor<?, ?, ?> d) {
            return (S) getAggregatingState(d);
        } else if (descriptor instanceof MapStateDescriptor<?, ?> d) {
            return (S) getMapState(d);
        }
        throw new IllegalArgumentException("unknown kind of state descriptor: " + descriptor);
    }

    /**
     * Merges the state {@code descriptor} names of {@code sources} into that of {@code target} and
     * removes the sources' (reducing, aggregating and list states; others cannot merge).
     */
    public void mergePartitionedState(StateDescriptor descriptor, W target, Collection<W> sources) {
        Scoped<?> state = (Scoped<?>) (Object) getPartitionedState(descriptor);
        state.mergeInto(target, sources);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return (ValueState<T>) states.computeIfAbsent(descriptor.getName(),
                name -> new Value<T>(map(descriptor, stored(descriptor, 0))));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return (ListState<T>) states.computeIfAbsent(descriptor.getName(),
                name -> new Lists<T>(map(descriptor, Serializers.listOf(stored(descriptor, 0)))));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return (ReducingState<T>) states.computeIfAbsent(descriptor.getName(),
                name -> new Reducing<T>(map(descriptor, stored(descriptor, 0)), descriptor.getReduceFunction()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return (AggregatingState<IN, OUT>) states.computeIfAbsent(descriptor.getName(),
                name -> new Aggregating<IN, ACC, OUT>(map(descriptor, stored(descriptor, 0)),
                        descriptor.getAggregateFunction()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
        return (MapState<UK, UV>) states.computeIfAbsent(descriptor.getName(),
                name -> new Maps<UK, UV>(map(descriptor, Serializers.mapOf(stored(descriptor, 0), stored(descriptor, 1)))));
    }

    private <T> TypeSerializer<T> stored(StateDescriptor descriptor, int index) {
        return serializers.forState(descriptor.getStoredTypes().get(index), "window state '" + descriptor.getName() + "'");
    }

    private <V> MapState<W, V> map(StateDescriptor descriptor, TypeSerializer<V> valueSerializer) {
        dev.weir.state.ttl.TtlStateFactory.refuseTtl(descriptor, "window-scoped state (a trigger's or windowState())");
        return keyedState.getMapState(new MapStateDescriptor<>(prefix + descriptor.getName(), windowSerializer,
                valueSerializer));
    }

    private W window() {
        if (window == null) {
            throw new IllegalStateException("window-scoped state used outside of a window");
        }
        return window;
    }

    /** A state of some kind, kept per window in {@code byWindow}. */
    private abstract class Scoped<V> implements State {
        final MapState<W, V> byWindow;

        Scoped(MapState<W, V> byWindow) {
            this.byWindow = byWindow;
        }

        V stored() {
            return byWindow.get(window());
        }

        void store(V value) {
            if (value == null) {
                byWindow.remove(window());
            } else {
                byWindow.put(window(), value);
            }
        }

        @Override
        public void clear() {
            byWindow.remove(window());
        }

        /** Combines two stored values of merged windows. */
        V combine(V a, V b) {
            throw new UnsupportedOperationException("this kind of state cannot be merged when windows merge");
        }

        void mergeInto(W target, Collection<W> sources) {
            V merged = byWindow.get(target);
            for (W source : sources) {
                V value = byWindow.get(source);
                if (value != null) {
                    merged = merged == null ? value : combine(merged, value);
                    byWindow.remove(source);
                }
            }
            if (merged != null) {
                byWindow.put(target, merged);
            }
        }
    }

    private final class Value<T> extends Scoped<T> implements ValueState<T> {
        Value(MapState<W, T> byWindow) {
            super(byWindow);
        }

        @Override
        public T value() {
            return stored();
        }

        @Override
        public void update(T value) {
            store(value);
        }
    }

    private final class Lists<T> extends Scoped<List<T>> implements ListState<T> {
        Lists(MapState<W, List<T>> byWindow) {
            super(byWindow);
        }

        @Override
        public Iterable<T> get() {
            List<T> list = stored();
            return list == null ? List.of() : Collections.unmodifiableList(list);
        }

        @Override
        public void add(T value) {
            addAll(List.of(value));
        }

        @Override
        public void addAll(List<T> values) {
            if (values.isEmpty()) {
                return;
            }
            List<T> list = stored();
            List<T> next = list == null ? new ArrayList<>(values.size()) : new ArrayList<>(list);
            next.addAll(values);
            store(next);
        }

        @Override
        public void update(List<T> values) {
            store(values == null || values.isEmpty() ? null : new ArrayList<>(values));
        }

        @Override
        List<T> combine(List<T> a, List<T> b) {
            List<T> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }

    private final class Reducing<T> extends Scoped<T> implements ReducingState<T> {
        private final ReduceFunction<T> reducer;

        Reducing(MapState<W, T> byWindow, ReduceFunction<T> reducer) {
            super(byWindow);
            this.reducer = reducer;
        }

        @Override
        public T get() {
            return stored();
        }

        @Override
        public void add(T value) {
            T current = stored();
            store(current == null ? value : combine(current, value));
        }

        @Override
        T combine(T a, T b) {
            try {
                return reducer.reduce(a, b);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the reduce function of a window state failed: " + e, e);
            }
        }
    }

    private final class Aggregating<IN, ACC, OUT> extends Scoped<ACC> implements AggregatingState<IN, OUT> {
        private final AggregateFunction<IN, ACC, OUT> function;

        Aggregating(MapState<W, ACC> byWindow, AggregateFunction<IN, ACC, OUT> function) {
            super(byWindow);
            this.function = function;
        }

        @Override
        public OUT get() {
            ACC accumulator = stored();
            return accumulator == null ? null : function.getResult(accumulator);
        }

        @Override
        public void add(IN value) {
            ACC accumulator = stored();
            store(function.add(value, accumulator == null ? function.createAccumulator() : accumulator));
        }

        @Override
        ACC combine(ACC a, ACC b) {
            return function.merge(a, b);
        }
    }

    private final class Maps<UK, UV> extends Scoped<Map<UK, UV>> implements MapState<UK, UV> {
        Maps(MapState<W, Map<UK, UV>> byWindow) {
            super(byWindow);
        }

        private Map<UK, UV> current() {
            Map<UK, UV> map = stored();
            return map == null ? Map.of() : Collections.unmodifiableMap(map);
        }

        private void change(java.util.function.Consumer<Map<UK, UV>> change) {
            Map<UK, UV> next = new LinkedHashMap<>(current());
            change.accept(next);
            store(next.isEmpty() ? null : next);
        }

        @Override
        public UV get(UK key) {
            return current().get(key);
        }

        @Override
        public void put(UK key, UV value) {
            change(map -> map.put(key, value));
        }

        @Override
        public void putAll(Map<UK, UV> entries) {
            change(map -> map.putAll(entries));
        }

        @Override
        public void remove(UK key) {
            change(map -> map.remove(key));
        }

        @Override
        public boolean contains(UK key) {
            return current().containsKey(key);
        }

        @Override
        public Iterable<Map.Entry<UK, UV>> entries() {
            return current().entrySet();
        }

        @Override
        public Iterable<UK> keys() {
            return current().keySet();
        }

        @Override
        public Iterable<UV> values() {
            return current().values();
        }

        @Override
        public boolean isEmpty() {
            return current().isEmpty();
        }
    }
}
