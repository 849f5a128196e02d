package dev.weir.api.state;

import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.List;
import java.util.Objects;

/** Describes a {@link ReducingState}: its name, reduce function and value type. */
public class ReducingStateDescriptor<T> extends StateDescriptor {
    private final ReduceFunction<T> reduceFunction;
    private final TypeInformation<T> typeInfo;
    private final TypeSerializer<T> serializer;

    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, Class<T> typeClass) {
        this(name, reduceFunction, typeOf(typeClass, "value", name), null);
    }

    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, TypeInformation<T> typeInfo) {
        this(name, reduceFunction, require(typeInfo, "value type", name), null);
    }

    /** With a hand-written serializer of the values. */
    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, TypeSerializer<T> typeSerializer) {
        this(name, reduceFunction, null, require(typeSerializer, "value serializer", name));
    }

    private ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, TypeInformation<T> typeInfo,
                                    TypeSerializer<T> serializer) {
        super(name);
        this.reduceFunction = Objects.requireNonNull(reduceFunction, "reduceFunction");
        this.typeInfo = typeInfo;
        this.serializer = serializer;
    }

    public ReduceFunction<T> getReduceFunction() {
        return reduceFunction;
    }

    /** The value type, or null when the descriptor was given a serializer. */
    public TypeInformation<T> getTypeInformation() {
        return typeInfo;
    }

    /** The serializer given to the constructor, or null: then Weir chooses one from the type. */
    public TypeSerializer<T> getSerializer() {
        return serializer;
    }

    @Override
    public Type getType() {
        return Type.REDUCING;
    }

    @Override
    public List<StoredType> getStoredTypes() {
        return List.of(stored("value", typeInfo, serializer));
    }
}
