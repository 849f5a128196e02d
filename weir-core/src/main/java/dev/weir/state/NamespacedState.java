package dev.weir.state;

import dev.weir.api.state.MapState;

/**
 * A value per (current key, namespace): what a window operator keeps per key and window. Stored and
 * snapshotted exactly like map state from namespace to value, so either form restores the other; on the
 * heap each (key, namespace) is one entry of the state's table ({@link KeyGroupTable}) rather than a map
 * per key. Set the key on the backend first, as for any keyed state. Task thread only.
 *
 * @param <N> the namespace (a window)
 * @param <V> the value
 */
public interface NamespacedState<N, V> {

    /** The value of the current key in {@code namespace}, or null. Do not change it in place: see {@link #getForUpdate}. */
    V get(N namespace);

    /**
     * The value of the current key in {@code namespace}, which the caller may change in place, or null. Where
     * {@link #holdsValuesByReference()} is false, a changed value must be stored with {@link #put}.
     */
    V getForUpdate(N namespace);

    /** Stores {@code value} (not null) for the current key in {@code namespace}. */
    void put(N namespace, V value);

    void remove(N namespace);

    /** Whether a value changed in place after {@link #getForUpdate} is stored as it is (the heap), without {@link #put}. */
    boolean holdsValuesByReference();

    /** Over map state from namespace to value (backends without a table of their own for namespaces). */
    static <N, V> NamespacedState<N, V> overMapState(MapState<N, V> map) {
        return new NamespacedState<>() {
            @Override
            public V get(N namespace) {
                return map.get(namespace);
            }

            @Override
            public V getForUpdate(N namespace) {
                return map.get(namespace);
            }

            @Override
            public void put(N namespace, V value) {
                map.put(namespace, value);
            }

            @Override
            public void remove(N namespace) {
                map.remove(namespace);
            }

            @Override
            public boolean holdsValuesByReference() {
                return false;
            }
        };
    }
}
