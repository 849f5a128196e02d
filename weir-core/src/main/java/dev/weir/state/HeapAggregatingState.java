package dev.weir.state;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.state.AggregatingState;

final class HeapAggregatingState<IN, ACC, OUT> implements AggregatingState<IN, OUT> {
    private final HeapKeyedStateBackend backend;
    private final StateTable table;
    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    HeapAggregatingState(HeapKeyedStateBackend backend, StateTable table,
                         AggregateFunction<IN, ACC, OUT> aggregateFunction) {
        this.backend = backend;
        this.table = table;
        this.aggregateFunction = aggregateFunction;
    }

    @Override
    @SuppressWarnings("unchecked")
    public OUT get() {
        ACC accumulator = (ACC) backend.get(table, null);
        return accumulator == null ? null : aggregateFunction.getResult(accumulator);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void add(IN value) {
        ACC accumulator = (ACC) backend.getForUpdate(table, null); // add may change it in place
        if (accumulator == null) {
            accumulator = aggregateFunction.createAccumulator();
        }
        backend.put(table, null, aggregateFunction.add(value, accumulator));
    }

    @Override
    public void clear() {
        backend.remove(table, null);
    }
}
