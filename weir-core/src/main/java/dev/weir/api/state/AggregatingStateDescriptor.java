package dev.weir.api.state;

import dev.weir.api.functions.AggregateFunction;
import java.util.Objects;

/** Describes an {@link AggregatingState}: its name, aggregate function and accumulator type. */
public final class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor {
    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;
    private final Class<ACC> accumulatorType;

    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
                                      Class<ACC> accumulatorType) {
        super(name);
        this.aggregateFunction = Objects.requireNonNull(aggregateFunction, "aggregateFunction");
        this.accumulatorType = requireType(accumulatorType, "accumulator", name);
    }

    public AggregateFunction<IN, ACC, OUT> getAggregateFunction() {
        return aggregateFunction;
    }

    public Class<ACC> getAccumulatorType() {
        return accumulatorType;
    }

    @Override
    public java.util.List<Class<?>> getStoredTypes() {
        return java.util.List.of(accumulatorType);
    }
}
