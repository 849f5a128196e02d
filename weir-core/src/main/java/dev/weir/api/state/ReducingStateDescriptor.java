package dev.weir.api.state;

import dev.weir.api.functions.ReduceFunction;
import java.util.Objects;

/** Describes a {@link ReducingState}: its name, reduce function and value type. */
public final class ReducingStateDescriptor<T> extends StateDescriptor {
    private final ReduceFunction<T> reduceFunction;
    private final Class<T> type;

    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, Class<T> type) {
        super(name);
        this.reduceFunction = Objects.requireNonNull(reduceFunction, "reduceFunction");
        this.type = requireType(type, "value", name);
    }

    public ReduceFunction<T> getReduceFunction() {
        return reduceFunction;
    }

    public Class<T> getType() {
        return type;
    }

    @Override
    public java.util.List<Class<?>> getStoredTypes() {
        return java.util.List.of(type);
    }
}
