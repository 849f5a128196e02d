package dev.weir.api.functions;

/**
 * Incremental aggregation used by {@code AggregatingState}: values of type {@code IN} are added to
 * an accumulator {@code ACC}, from which a result {@code OUT} is read. Accumulators are kept in state,
 * so they should be small immutable values or be replaced (not changed in place) by {@link #add}.
 *
 * <p>{@link #merge} combines two accumulators into one. Weir's current callers (aggregating state)
 * never merge, but an implementation must still give it a meaning, as in Flink: merging windows and
 * session windows will call it.
 */
public interface AggregateFunction<IN, ACC, OUT> extends Function {
    ACC createAccumulator();

    ACC add(IN value, ACC accumulator);

    OUT getResult(ACC accumulator);

    /** An accumulator holding what both {@code a} and {@code b} hold; may return one of them, changed. */
    ACC merge(ACC a, ACC b);
}
