package dev.weir.flink.translate.bridge;

import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.ListState;
import dev.weir.api.state.MapState;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ValueState;
import java.util.List;
import java.util.Map;

/**
 * Weir's keyed state interfaces over Flink's: each call goes to the Flink state of the current key (Flink sets
 * the key before the function runs); Flink's checked exceptions come out unchecked. Not thread-safe, as Flink's.
 */
final class WeirStates {

    private WeirStates() {
    }

    record Value<T>(org.apache.flink.api.common.state.ValueState<T> flink) implements ValueState<T> {
        @Override
        public T value() {
            try {
                return flink.value();
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void update(T value) {
            try {
                flink.update(value);
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void clear() {
            flink.clear();
        }
    }

    record Listed<T>(org.apache.flink.api.common.state.ListState<T> flink) implements ListState<T> {
        @Override
        public Iterable<T> get() {
            try {
                Iterable<T> values = flink.get();
                return values != null ? values : List.of();
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void add(T value) {
            try {
                flink.add(value);
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void addAll(List<T> values) {
            try {
                flink.addAll(values);
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void update(List<T> values) {
            try {
                flink.update(values);
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void clear() {
            flink.clear();
        }
    }

    record Mapped<K, V>(org.apache.flink.api.common.state.MapState<K, V> flink) implements MapState<K, V> {
        @Override
        public V get(K key) {
            try {
                return flink.get(key);
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void put(K key, V value) {
            try {
                flink.put(key, value);
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void putAll(Map<K, V> entries) {
            try {
                flink.putAll(entries);
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void remove(K key) {
            try {
                flink.remove(key);
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public boolean contains(K key) {
            try {
                return flink.contains(key);
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public Iterable<Map.Entry<K, V>> entries() {
            try {
                return flink.entries();
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public Iterable<K> keys() {
            try {
                return flink.keys();
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public Iterable<V> values() {
            try {
                return flink.values();
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public boolean isEmpty() {
            try {
                return flink.isEmpty();
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void clear() {
            flink.clear();
        }
    }

    record Reducing<T>(org.apache.flink.api.common.state.ReducingState<T> flink) implements ReducingState<T> {
        @Override
        public T get() {
            try {
                return flink.get();
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void add(T value) {
            try {
                flink.add(value);
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void clear() {
            flink.clear();
        }
    }

    record Aggregating<I, O>(org.apache.flink.api.common.state.AggregatingState<I, O> flink)
            implements AggregatingState<I, O> {
        @Override
        public O get() {
            try {
                return flink.get();
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void add(I value) {
            try {
                flink.add(value);
            } catch (Exception e) {
                throw Unchecked.of(e);
            }
        }

        @Override
        public void clear() {
            flink.clear();
        }
    }
}
