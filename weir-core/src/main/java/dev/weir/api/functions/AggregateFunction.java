package dev.weir.api.functions;

/**
 * Incremental aggregation used by {@code AggregatingState}: values of type {@code IN} are added to
 * an accumulator {@code ACC}, from which a result {@code OUT} is read. Accumulators are kept in state,
 * so they should be small immutable values or be replaced (not changed in place) by {@link #add}.
 */
public interface AggregateFunction<IN, ACC, OUT> {
    ACC createAccumulator();

    ACC add(IN value, ACC accumulator);

    OUT getResult(ACC accumulator);
}
