package dev.weir.testing;

import dev.weir.api.functions.AggregateFunction;

/** The average of longs as an {@link AggregateFunction} with an immutable record accumulator: a test fixture for aggregating state. */
public final class LongAverage implements AggregateFunction<Long, LongAverage.Avg, Double> {

    /** The accumulator: kept in state, written with the record serializer. */
    public record Avg(long sum, long count) {
    }

    @Override
    public Avg createAccumulator() {
        return new Avg(0, 0);
    }

    @Override
    public Avg add(Long value, Avg acc) {
        return new Avg(acc.sum() + value, acc.count() + 1);
    }

    @Override
    public Double getResult(Avg acc) {
        return (double) acc.sum() / acc.count();
    }

    @Override
    public Avg merge(Avg a, Avg b) {
        return new Avg(a.sum() + b.sum(), a.count() + b.count());
    }
}
