package dev.weir.runtime.operators.windowing;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.state.CopyingSerializer;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.NamespacedState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The windows' contents of each key in one state entry per key, rather than one per (key, window): for assigners
 * that put every record into several windows (sliding windows), so that a record's windows cost one state lookup
 * instead of one per window, and the key's windows sit together in memory. Each call of the operator (a record or a
 * timer) starts with {@link #forgetKey()}; the first access in the call fetches the current key's entry (for
 * update: on the heap a snapshot being written gets its own copy first), and the later ones in the call use it.
 *
 * <p>Snapshotted as the map state {@code key → ALL → [(window, value)...]} of its own name, so heap and RocksDB
 * restore each other's; the layout is chosen from the window assigner, so a job's snapshots always have the same
 * one. Task thread only.
 *
 * @param <W>   the window
 * @param <ACC> what a window holds
 */
final class WindowsByKey<W, ACC> implements NamespacedState<W, ACC> {
    /** The name of the keyed state holding each key's windows. */
    static final String STATE_NAME = "window-contents-by-key";
    /**
     * The one namespace of the backing state: none, so the entry is laid out as plain keyed state (for a long key,
     * a row of two longs and no hash word).
     */
    private static final Integer ALL = null;

    private final NamespacedState<Integer, Entries> byKey;
    private final boolean byReference;
    private Entries current;
    private boolean fetched;

    @SuppressWarnings({"unchecked", "rawtypes"})
    WindowsByKey(KeyedStateBackend keyedState, TypeSerializer<W> windowSerializer, TypeSerializer<ACC> valueSerializer) {
        byKey = keyedState.getNamespacedState(new MapStateDescriptor<>(STATE_NAME, new AllSerializer(),
                new EntriesSerializer(windowSerializer, valueSerializer)));
        byReference = byKey.holdsValuesByReference();
    }

    /** The current key changed (or may have): the next access fetches its entry again. */
    void forgetKey() {
        fetched = false;
        current = null;
    }

    private Entries entries() {
        if (!fetched) {
            current = byKey.getForUpdate(ALL);
            fetched = true;
        }
        return current;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ACC get(W window) {
        Entries entries = entries();
        return entries == null ? null : (ACC) entries.get(window);
    }

    @Override
    public ACC getForUpdate(W window) {
        return get(window); // the entry was fetched for update
    }

    @Override
    public void put(W window, ACC value) {
        Entries entries = entries();
        boolean created = entries == null;
        if (created) {
            entries = new Entries(4);
            current = entries;
        }
        entries.put(window, value);
        if (created || !byReference) {
            byKey.put(ALL, entries);
        }
    }

    @Override
    public void remove(W window) {
        Entries entries = entries();
        if (entries == null || !entries.remove(window)) {
            return;
        }
        if (entries.size == 0) {
            byKey.remove(ALL);
            current = null;
        } else if (!byReference) {
            byKey.put(ALL, entries);
        }
    }

    @Override
    public boolean holdsValuesByReference() {
        return byReference;
    }

    /** The windows of one key and what each holds, in the order they were added; a handful, so searched linearly. */
    static final class Entries {
        private Object[] windows;
        private Object[] values;
        private int size;

        Entries(int capacity) {
            windows = new Object[capacity];
            values = new Object[capacity];
        }

        private int indexOf(Object window) {
            for (int i = 0; i < size; i++) {
                if (windows[i].equals(window)) {
                    return i;
                }
            }
            return -1;
        }

        Object get(Object window) {
            int i = indexOf(window);
            return i < 0 ? null : values[i];
        }

        void put(Object window, Object value) {
            int i = indexOf(window);
            if (i >= 0) {
                values[i] = value;
                return;
            }
            if (size == windows.length) {
                windows = Arrays.copyOf(windows, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            windows[size] = window;
            values[size++] = value;
        }

        boolean remove(Object window) {
            int i = indexOf(window);
            if (i < 0) {
                return false;
            }
            size--;
            windows[i] = windows[size];
            values[i] = values[size];
            windows[size] = null;
            values[size] = null;
            return true;
        }

        int size() {
            return size;
        }
    }

    /** The one namespace, {@code null}, written as nothing. */
    private static final class AllSerializer implements TypeSerializer<Integer> {
        @Override
        public void serialize(Integer value, DataOutput out) {
        }

        @Override
        public Integer deserialize(DataInput in) {
            return ALL;
        }
    }

    /** An entry as its size, then each window and its value through their serializers. */
    static final class EntriesSerializer implements CopyingSerializer<Entries> {
        private final TypeSerializer<Object> windows;
        private final TypeSerializer<Object> values;

        @SuppressWarnings("unchecked")
        EntriesSerializer(TypeSerializer<?> windows, TypeSerializer<?> values) {
            this.windows = (TypeSerializer<Object>) windows;
            this.values = (TypeSerializer<Object>) values;
        }

        /** Windows are immutable: a copy shares them and copies each value. */
        @Override
        public Entries copy(Entries entries, PartCopier parts) {
            Entries copy = new Entries(entries.windows.length);
            for (int i = 0; i < entries.size; i++) {
                copy.windows[i] = entries.windows[i];
                copy.values[i] = parts.copy(values, entries.values[i]);
            }
            copy.size = entries.size;
            return copy;
        }

        @Override
        public void serialize(Entries entries, DataOutput out) throws IOException {
            out.writeInt(entries.size);
            for (int i = 0; i < entries.size; i++) {
                windows.serialize(entries.windows[i], out);
                values.serialize(entries.values[i], out);
            }
        }

        @Override
        public Entries deserialize(DataInput in) throws IOException {
            int size = in.readInt();
            if (size < 0) {
                throw new IOException("negative number of windows " + size + " in the window contents of a key");
            }
            Entries entries = new Entries(Math.max(4, Math.min(size, 1 << 10)));
            for (int i = 0; i < size; i++) {
                entries.put(windows.deserialize(in), values.deserialize(in));
            }
            return entries;
        }
    }
}
