package dev.weir.api.state;

import dev.weir.api.functions.AggregateFunction;

/**
 * Creates handles to keyed state: state scoped to the key of the record (or timer) being processed.
 * Reached through {@code RuntimeContext} (same getters) or, in {@code CheckpointedFunction.initializeState},
 * through {@code FunctionInitializationContext.getKeyedStateStore()}.
 *
 * <p>Get handles once (in {@code open} or {@code initializeState}) and keep them in fields: a handle
 * always reads and writes the value of the current key. Asking twice for the same name returns the
 * same state; the same name with another kind of state is an error.
 */
public interface KeyedStateStore {
    <T> ValueState<T> getState(ValueStateDescriptor<T> stateProperties);

    <T> ListState<T> getListState(ListStateDescriptor<T> stateProperties);

    <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> stateProperties);

    /** State that folds values with an {@link AggregateFunction}. */
    <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> stateProperties);

    <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> stateProperties);
}
