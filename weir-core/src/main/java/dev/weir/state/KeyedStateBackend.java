package dev.weir.state;

import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.state.MapStateDescriptor;
import java.util.List;

/**
 * The keyed state of one operator subtask: on the heap ({@link HeapKeyedStateBackend}) or in an
 * embedded store (the RocksDB backend). Used only on the task thread, except that a
 * {@link KeyedSnapshot} it made is written by the snapshot writer.
 *
 * <p>Life: created, {@link #restore} (if restoring), state handles registered and used with
 * {@link #setCurrentKey}, {@link #snapshot} (synchronous part) followed later by {@link #release}
 * once its asynchronous part is done, and {@link #close} at the end, which frees local resources.
 */
public interface KeyedStateBackend extends KeyedStateStore, AutoCloseable {

    /**
     * The clock that states with time-to-live read (ms): the task's processing-time clock. Call it before
     * states are registered; until then (and for backends used outside a task) the system clock.
     */
    default void useTtlClock(java.util.function.LongSupplier clock) {
    }

    /**
     * Makes {@code key} the key that state handles read and write; {@code null} leaves no current key, so that
     * keyed state used then fails with a message instead of reaching the last key's values.
     */
    void setCurrentKey(Object key);

    /**
     * Makes {@code key}, whose key group ({@link KeyGroups#keyGroupFor}) the caller computed already as
     * {@code keyGroup}, the current key: what the partitioner of a keyed stream computed, handed on so the key is
     * not hashed twice. A backend that has no use for the key group ignores it (the default).
     */
    default void setCurrentKey(Object key, int keyGroup) {
        setCurrentKey(key);
    }

    Object getCurrentKey();

    KeyGroupRange getKeyGroupRange();

    /** The event-time and processing-time timers, part of the keyed state (operators use them through {@link dev.weir.runtime.operators.InternalTimerService}). */
    TimerQueue timers();

    /**
     * Value state per (current key, namespace), stored and snapshotted like the map state of
     * {@code descriptor} (namespace → value); a backend with a table of its own for namespaces overrides this.
     */
    default <N, V> NamespacedState<N, V> getNamespacedState(MapStateDescriptor<N, V> descriptor) {
        return NamespacedState.overMapState(getMapState(descriptor));
    }

    /** Loads this subtask's key groups from the snapshots of the old subtasks; before any use. */
    void restore(List<RestoredKeyedState> snapshots) throws Exception;

    /** The synchronous part of checkpoint {@code checkpointId}: a consistent image, cheaply. */
    KeyedSnapshot snapshot(long checkpointId) throws Exception;

    /** The asynchronous part of a snapshot taken earlier has finished (or was given up). */
    void release();

    /** Checkpoint {@code checkpointId} completed: its files may serve as the base of the next one. */
    default void notifyCheckpointComplete(long checkpointId) {
    }

    /** Checkpoint {@code checkpointId} was aborted: nothing it wrote may be referenced again. */
    default void notifyCheckpointAborted(long checkpointId) {
    }

    /**
     * Every key of this subtask with a value in the named state (of any namespace), each once, in no
     * particular order; empty for a state not registered. A copy: the caller may change the state while
     * going over it (as {@code applyToKeyedState} does). Costs a pass over the state.
     */
    List<Object> keys(String stateName);

    /** Number of keys with a value in the named state (diagnostics and tests). */
    long countKeys(String stateName);

    @Override
    void close() throws Exception;
}
