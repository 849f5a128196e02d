package dev.weir.api.state;

/**
 * What {@code KeyedBroadcastProcessFunction.Context.applyToKeyedState} applies to the state of each key
 * of the subtask: called once per key that has a value in the state, with that key current, so that
 * {@code state} reads and writes that key's value.
 *
 * @param <K> key type
 * @param <S> state type (such as {@code ValueState<Long>})
 */
@FunctionalInterface
public interface KeyedStateFunction<K, S extends State> {

    /** Called for {@code key} with its {@code state}; may read, update or clear it. */
    void process(K key, S state) throws Exception;
}
