package dev.weir.api.state;

/**
 * Read access to a broadcast state: the key-value map of one {@link MapStateDescriptor} that every
 * subtask of a broadcast operator holds a copy of. The non-broadcast side of a
 * {@code BroadcastProcessFunction} or {@code KeyedBroadcastProcessFunction} sees it through this
 * interface only, so that the copies cannot drift apart: only broadcast records, which every
 * subtask sees in the same order, may change them.
 *
 * <p>Task thread only; valid during the call it was obtained in. {@link #immutableEntries()} refuses
 * changes through its entries.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface ReadOnlyBroadcastState<K, V> extends State {

    /** The value of {@code key}, or {@code null} if it has none. */
    V get(K key) throws Exception;

    /** Whether {@code key} has a value. */
    boolean contains(K key) throws Exception;

    /** Every entry, read-only (iteration and its entries refuse changes). */
    Iterable<java.util.Map.Entry<K, V>> immutableEntries() throws Exception;
}
