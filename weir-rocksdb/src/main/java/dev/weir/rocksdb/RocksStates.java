package dev.weir.rocksdb;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.ListState;
import dev.weir.api.state.MapState;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ValueState;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.state.NamespacedState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** The state handles of the RocksDB backend: each reads and writes the current key's entry. */
final class RocksStates {
    private RocksStates() {
    }

    /** Common access to one column family for the current key. */
    private abstract static class Base {
        final RocksDBKeyedStateBackend backend;
        final ColumnFamilyHandle cf;

        Base(RocksDBKeyedStateBackend backend, ColumnFamilyHandle cf) {
            this.backend = backend;
            this.cf = cf;
        }

        byte[] getBytes(byte[] key) {
            try {
                return backend.db.get(cf, backend.readOptions, key);
            } catch (RocksDBException e) {
                throw backend.failure("read", e);
            }
        }

        /** Reads the current key's value into the backend's read buffer: its length, or -1 if absent. */
        int readCurrent() {
            ExposedBuffer key = backend.currentKey();
            return readInto(key.array(), key.length());
        }

        /** Reads the value stored under the first {@code keyLength} bytes of {@code key} into the backend's read buffer. */
        int readInto(byte[] key, int keyLength) {
            try {
                int size = backend.db.get(cf, backend.readOptions, key, 0, keyLength, backend.readBuffer, 0,
                        backend.readBuffer.length);
                if (size > backend.readBuffer.length) {
                    backend.readBuffer = new byte[Math.max(size, backend.readBuffer.length * 2)];
                    size = backend.db.get(cf, backend.readOptions, key, 0, keyLength, backend.readBuffer, 0,
                            backend.readBuffer.length);
                }
                return size == RocksDB.NOT_FOUND ? -1 : size;
            } catch (RocksDBException e) {
                throw backend.failure("read", e);
            }
        }

        void putCurrent(ExposedBuffer value) {
            ExposedBuffer key = backend.currentKey();
            try {
                backend.db.put(cf, backend.writeOptions, key.array(), 0, key.length(), value.array(), 0, value.length());
            } catch (RocksDBException e) {
                throw backend.failure("write", e);
            }
        }

        void putBytes(byte[] key, ExposedBuffer value) {
            try {
                backend.db.put(cf, backend.writeOptions, key, 0, key.length, value.array(), 0, value.length());
            } catch (RocksDBException e) {
                throw backend.failure("write", e);
            }
        }

        void deleteBytes(byte[] key) {
            try {
                backend.db.delete(cf, backend.writeOptions, key);
            } catch (RocksDBException e) {
                throw backend.failure("delete", e);
            }
        }

        public void clear() {
            ExposedBuffer key = backend.currentKey();
            try {
                backend.db.delete(cf, backend.writeOptions, key.array(), 0, key.length());
            } catch (RocksDBException e) {
                throw backend.failure("delete", e);
            }
        }
    }

    /**
     * A single value per key (value, reducing and aggregating states, whole lists), behind a
     * bounded write-back cache of deserialized values: hot keys are read and written without a
     * RocksDB call. Dirty entries go to RocksDB when evicted and all of them before every snapshot
     * ({@link #flush}), so a checkpoint always sees every write. Values must not be changed after
     * {@code update} (as on the heap backend).
     */
    abstract static class SingleValue<V> extends Base {
        private static final Object ABSENT = new Object();

        final TypeSerializer<Object> serializer;
        private final Cache cache;

        /** A cached value: the key's stored bytes, the value (or ABSENT), and whether RocksDB lags behind. */
        private static final class Entry {
            final byte[] storedKey;
            Object value;
            boolean dirty;

            Entry(byte[] storedKey, Object value) {
                this.storedKey = storedKey;
                this.value = value;
            }
        }

        /** Least recently used first; evicting writes a dirty entry back. */
        private final class Cache extends java.util.LinkedHashMap<Object, Entry> {
            private final int capacity;

            Cache(int capacity) {
                super(Math.min(capacity, 1 << 16), 0.75f, true);
                this.capacity = capacity;
            }

            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                writeBack(eldest.getValue());
                return true;
            }
        }

        @SuppressWarnings("unchecked")
        SingleValue(RocksDBKeyedStateBackend backend, ColumnFamilyHandle cf, TypeSerializer<?> serializer) {
            super(backend, cf);
            this.serializer = (TypeSerializer<Object>) serializer;
            this.cache = new Cache(backend.valueCacheEntries());
            backend.registerCachedState(this);
        }

        @SuppressWarnings("unchecked")
        V read() {
            Object key = cacheKey();
            Entry entry = cache.get(key);
            if (entry == null) {
                byte[] storedKey = storedKey();
                int size = readInto(storedKey, storedKey.length);
                Object value = size < 0 ? ABSENT
                        : RocksDBKeyedStateBackend.deserialize(serializer, backend.readBuffer, 0, size);
                entry = new Entry(storedKey, value);
                cache.put(key, entry);
            }
            return entry.value == ABSENT ? null : (V) entry.value;
        }

        void write(V value) {
            Object key = cacheKey();
            Entry entry = cache.get(key);
            if (entry == null) {
                entry = new Entry(storedKey(), ABSENT);
            }
            entry.value = value == null ? ABSENT : value;
            entry.dirty = true;
            cache.put(key, entry); // after marking it dirty: with no room left, it is written back at once
        }

        @Override
        public void clear() {
            write(null);
        }

        /**
         * Removes the current value from RocksDB at once and drops it from the cache, for values that are not
         * read again once removed (a fired window's contents): no tombstone stays cached in the place of a live value.
         */
        void delete() {
            Entry entry = cache.remove(cacheKey());
            byte[] storedKey = entry != null ? entry.storedKey : storedKey();
            try {
                backend.db.delete(cf, backend.writeOptions, storedKey);
            } catch (RocksDBException e) {
                throw backend.failure("delete", e);
            }
        }

        /** What the cache files the current value under: the current key. */
        Object cacheKey() {
            return backend.getCurrentKey();
        }

        /** The RocksDB key of the current value: the current key's bytes. */
        byte[] storedKey() {
            ExposedBuffer key = backend.currentKey();
            return Arrays.copyOf(key.array(), key.length());
        }

        private void writeBack(Entry entry) {
            if (!entry.dirty) {
                return;
            }
            try {
                if (entry.value == ABSENT) {
                    backend.db.delete(cf, backend.writeOptions, entry.storedKey);
                } else {
                    ExposedBuffer bytes = backend.serialize(serializer, entry.value);
                    backend.db.put(cf, backend.writeOptions, entry.storedKey, 0, entry.storedKey.length,
                            bytes.array(), 0, bytes.length());
                }
            } catch (RocksDBException e) {
                throw backend.failure("write", e);
            }
            entry.dirty = false;
        }

        /** Writes every dirty entry to RocksDB in one batch (before a snapshot); the entries stay cached, clean. */
        void flush() {
            java.util.List<Entry> written = new java.util.ArrayList<>();
            try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
                for (Entry entry : cache.values()) {
                    if (!entry.dirty) {
                        continue;
                    }
                    if (entry.value == ABSENT) {
                        batch.delete(cf, entry.storedKey);
                    } else {
                        ExposedBuffer bytes = backend.serialize(serializer, entry.value);
                        batch.put(cf, entry.storedKey, Arrays.copyOf(bytes.array(), bytes.length()));
                    }
                    written.add(entry);
                }
                if (batch.count() > 0) {
                    backend.db.write(backend.writeOptions, batch);
                }
            } catch (RocksDBException e) {
                throw backend.failure("write", e);
            }
            for (Entry entry : written) {
                entry.dirty = false; // only once the batch is in RocksDB: a failure keeps them dirty
            }
        }
    }

    static final class Value<T> extends SingleValue<T> implements ValueState<T> {
        Value(RocksDBKeyedStateBackend backend, ColumnFamilyHandle cf, TypeSerializer<T> serializer) {
            super(backend, cf, serializer);
        }

        @Override
        public T value() {
            return read();
        }

        @Override
        public void update(T value) {
            write(value);
        }
    }

    static final class List<T> extends SingleValue<java.util.List<T>> implements ListState<T> {
        List(RocksDBKeyedStateBackend backend, ColumnFamilyHandle cf, TypeSerializer<java.util.List<T>> serializer) {
            super(backend, cf, serializer);
        }

        @Override
        public Iterable<T> get() {
            java.util.List<T> list = read();
            return list == null ? Collections.emptyList() : Collections.unmodifiableList(list);
        }

        @Override
        public void add(T value) {
            addAll(java.util.List.of(value));
        }

        @Override
        public void addAll(java.util.List<T> values) {
            if (values.isEmpty()) {
                return;
            }
            java.util.List<T> list = read();
            java.util.List<T> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.addAll(values);
            write(next);
        }

        @Override
        public void update(java.util.List<T> values) {
            write(values.isEmpty() ? null : new ArrayList<>(values));
        }
    }

    static final class Reducing<T> extends SingleValue<T> implements ReducingState<T> {
        private final ReduceFunction<T> reducer;

        Reducing(RocksDBKeyedStateBackend backend, ColumnFamilyHandle cf, TypeSerializer<T> serializer,
                 ReduceFunction<T> reducer) {
            super(backend, cf, serializer);
            this.reducer = reducer;
        }

        @Override
        public T get() {
            return read();
        }

        @Override
        public void add(T value) {
            T current = read();
            try {
                write(current == null ? value : reducer.reduce(current, value));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("reduce function of reducing state failed", e);
            }
        }
    }

    static final class Aggregating<IN, ACC, OUT> extends SingleValue<ACC> implements AggregatingState<IN, OUT> {
        private final AggregateFunction<IN, ACC, OUT> aggregate;

        Aggregating(RocksDBKeyedStateBackend backend, ColumnFamilyHandle cf, TypeSerializer<ACC> serializer,
                    AggregateFunction<IN, ACC, OUT> aggregate) {
            super(backend, cf, serializer);
            this.aggregate = aggregate;
        }

        @Override
        public OUT get() {
            ACC acc = read();
            return acc == null ? null : aggregate.getResult(acc);
        }

        @Override
        public void add(IN value) {
            ACC acc = read();
            write(aggregate.add(value, acc == null ? aggregate.createAccumulator() : acc));
        }
    }

    /** One RocksDB entry per map entry: the current key's bytes followed by the map key's bytes. */
    /**
     * A value per (current key, namespace), stored as map state's entries are (the key's bytes, then the
     * namespace's), so a window operator's contents are laid out and checkpointed exactly as map state from
     * window to value; behind the same write-back cache as single values, filed by (key, namespace), so the
     * windows being filled are read and written without a RocksDB call.
     */
    static final class Namespaced<N, V> extends SingleValue<V> implements NamespacedState<N, V> {
        private final TypeSerializer<Object> namespaceSerializer;
        private Object namespace;

        /** A cache key: the current key and a namespace. */
        private record KeyAndNamespace(Object key, Object namespace) {
        }

        /**
         * The cache key of a {@code Long} key in a time window, compared without following references (with
         * {@link KeyAndNamespace} each cache lookup dereferenced the stored key and window: a quarter of a
         * window job's time on RocksDB).
         */
        private record LongKeyInWindow(long key, long start, long end) {
        }

        @SuppressWarnings("unchecked")
        Namespaced(RocksDBKeyedStateBackend backend, ColumnFamilyHandle cf, TypeSerializer<N> namespaceSerializer,
                   TypeSerializer<V> valueSerializer) {
            super(backend, cf, valueSerializer);
            this.namespaceSerializer = (TypeSerializer<Object>) namespaceSerializer;
        }

        @Override
        Object cacheKey() {
            Object key = backend.getCurrentKey();
            if (key instanceof Long longKey && namespace != null && namespace.getClass() == TimeWindow.class) {
                TimeWindow window = (TimeWindow) namespace;
                return new LongKeyInWindow(longKey, window.getStart(), window.getEnd());
            }
            return new KeyAndNamespace(key, namespace);
        }

        @Override
        byte[] storedKey() {
            ExposedBuffer prefix = backend.currentKey();
            int prefixLength = prefix.length();
            byte[] prefixBytes = Arrays.copyOf(prefix.array(), prefixLength); // serialize below reuses a buffer
            ExposedBuffer user = backend.serialize(namespaceSerializer, namespace);
            byte[] key = Arrays.copyOf(prefixBytes, prefixLength + user.length());
            System.arraycopy(user.array(), 0, key, prefixLength, user.length());
            return key;
        }

        @Override
        public V get(N namespace) {
            this.namespace = namespace;
            return read();
        }

        /** The cached value; {@link #put} it after changing it, so that it is written back. */
        @Override
        public V getForUpdate(N namespace) {
            return get(namespace);
        }

        @Override
        public void put(N namespace, V value) {
            this.namespace = namespace;
            write(value);
        }

        @Override
        public void remove(N namespace) {
            this.namespace = namespace;
            delete();
        }

        @Override
        public boolean holdsValuesByReference() {
            return false;
        }
    }

    static final class MapOf<K, V> extends Base implements MapState<K, V> {
        private final TypeSerializer<Object> keySerializer;
        private final TypeSerializer<Object> valueSerializer;

        @SuppressWarnings("unchecked")
        MapOf(RocksDBKeyedStateBackend backend, ColumnFamilyHandle cf, TypeSerializer<K> keySerializer,
              TypeSerializer<V> valueSerializer) {
            super(backend, cf);
            this.keySerializer = (TypeSerializer<Object>) keySerializer;
            this.valueSerializer = (TypeSerializer<Object>) valueSerializer;
        }

        private byte[] prefix() {
            ExposedBuffer current = backend.currentKey();
            return Arrays.copyOf(current.array(), current.length());
        }

        private byte[] entryKey(K mapKey) {
            byte[] prefix = prefix();
            ExposedBuffer user = backend.serialize(keySerializer, mapKey);
            byte[] key = Arrays.copyOf(prefix, prefix.length + user.length());
            System.arraycopy(user.array(), 0, key, prefix.length, user.length());
            return key;
        }

        @Override
        @SuppressWarnings("unchecked")
        public V get(K key) {
            byte[] bytes = getBytes(entryKey(key));
            return bytes == null ? null : (V) RocksDBKeyedStateBackend.deserialize(valueSerializer, bytes);
        }

        @Override
        public void put(K key, V value) {
            putBytes(entryKey(key), backend.serialize(valueSerializer, value));
        }

        @Override
        public void putAll(Map<K, V> entries) {
            entries.forEach(this::put);
        }

        @Override
        public void remove(K key) {
            deleteBytes(entryKey(key));
        }

        @Override
        public boolean contains(K key) {
            return getBytes(entryKey(key)) != null;
        }

        /** The current key's entries, read now (a copy: valid after the call too). */
        @SuppressWarnings("unchecked")
        private Map<K, V> snapshot() {
            Map<K, V> entries = new LinkedHashMap<>();
            byte[] prefix = prefix();
            try (RocksIterator it = backend.db.newIterator(cf, backend.readOptions)) {
                for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                    byte[] key = it.key();
                    K mapKey = (K) RocksDBKeyedStateBackend.deserialize(keySerializer,
                            Arrays.copyOfRange(key, prefix.length, key.length));
                    entries.put(mapKey, (V) RocksDBKeyedStateBackend.deserialize(valueSerializer, it.value()));
                }
            }
            return entries;
        }

        private static boolean startsWith(byte[] key, byte[] prefix) {
            return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
        }

        @Override
        public Iterable<Map.Entry<K, V>> entries() {
            return Collections.unmodifiableMap(snapshot()).entrySet();
        }

        @Override
        public Iterable<K> keys() {
            return Collections.unmodifiableMap(snapshot()).keySet();
        }

        @Override
        public Iterable<V> values() {
            return Collections.unmodifiableMap(snapshot()).values();
        }

        @Override
        public boolean isEmpty() {
            byte[] prefix = prefix();
            try (RocksIterator it = backend.db.newIterator(cf, backend.readOptions)) {
                it.seek(prefix);
                return !(it.isValid() && startsWith(it.key(), prefix));
            }
        }

        @Override
        public void clear() {
            for (K key : snapshot().keySet()) {
                remove(key);
            }
        }
    }
}
