package dev.weir.api.state;

import java.util.Iterator;
import java.util.Map;

/**
 * A broadcast state with write access: what {@code processBroadcastElement} gets from
 * {@code Context.getBroadcastState(descriptor)}. It is operator state: each subtask holds its own
 * copy, the copies stay equal because every subtask applies the same broadcast records in the same
 * order (so update it only from the broadcast record and the state itself, never from anything local
 * to the subtask, such as its index or the non-broadcast records), it is checkpointed with the
 * subtask, and on restore, at any parallelism, every subtask gets the copy of old subtask 0.
 *
 * <p>Task thread only. {@link #clear()} removes every entry.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface BroadcastState<K, V> extends ReadOnlyBroadcastState<K, V> {

    /** Sets the value of {@code key}. */
    void put(K key, V value) throws Exception;

    /** Sets the values of all keys of {@code map}. */
    void putAll(Map<K, V> map) throws Exception;

    /** Removes {@code key} and its value. */
    void remove(K key) throws Exception;

    /** Every entry; {@code Iterator.remove} and {@code Map.Entry.setValue} change the state. */
    Iterator<Map.Entry<K, V>> iterator() throws Exception;

    /** Every entry, as {@link #iterator()} gives them. */
    Iterable<Map.Entry<K, V>> entries() throws Exception;
}
