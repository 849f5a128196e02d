package dev.weir.api.state;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.List;
import java.util.Objects;

/** Describes an {@link AggregatingState}: its name, aggregate function and accumulator type. */
public class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor {
    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;
    private final TypeInformation<ACC> accumulatorTypeInfo;
    private final TypeSerializer<ACC> accumulatorSerializer;

    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
                                      Class<ACC> accumulatorClass) {
        this(name, aggregateFunction, typeOf(accumulatorClass, "accumulator", name), null);
    }

    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
                                      TypeInformation<ACC> accumulatorTypeInfo) {
        this(name, aggregateFunction, require(accumulatorTypeInfo, "accumulator type", name), null);
    }

    /** With a hand-written serializer of the accumulator. */
    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
                                      TypeSerializer<ACC> typeSerializer) {
        this(name, aggregateFunction, null, require(typeSerializer, "accumulator serializer", name));
    }

    private AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
                                       TypeInformation<ACC> accumulatorTypeInfo, TypeSerializer<ACC> accumulatorSerializer) {
        super(name);
        this.aggregateFunction = Objects.requireNonNull(aggregateFunction, "aggregateFunction");
        this.accumulatorTypeInfo = accumulatorTypeInfo;
        this.accumulatorSerializer = accumulatorSerializer;
    }

    public AggregateFunction<IN, ACC, OUT> getAggregateFunction() {
        return aggregateFunction;
    }

    /** The accumulator type, or null when the descriptor was given a serializer. */
    public TypeInformation<ACC> getAccumulatorTypeInformation() {
        return accumulatorTypeInfo;
    }

    /** The accumulator serializer given to the constructor, or null: then Weir chooses one from the type. */
    public TypeSerializer<ACC> getSerializer() {
        return accumulatorSerializer;
    }

    @Override
    public Type getType() {
        return Type.AGGREGATING;
    }

    @Override
    public List<StoredType> getStoredTypes() {
        return List.of(stored("accumulator", accumulatorTypeInfo, accumulatorSerializer));
    }
}
