package dev.weir.api.state;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.List;

/** Describes a {@link ValueState}: its name and value type (a class, a type information or a serializer). */
public class ValueStateDescriptor<T> extends StateDescriptor {
    private final TypeInformation<T> typeInfo;
    private final TypeSerializer<T> serializer;

    public ValueStateDescriptor(String name, Class<T> typeClass) {
        this(name, typeOf(typeClass, "value", name), null);
    }

    public ValueStateDescriptor(String name, TypeInformation<T> typeInfo) {
        this(name, require(typeInfo, "value type", name), null);
    }

    /** With a hand-written serializer: Weir writes the values with it. */
    public ValueStateDescriptor(String name, TypeSerializer<T> typeSerializer) {
        this(name, null, require(typeSerializer, "value serializer", name));
    }

    private ValueStateDescriptor(String name, TypeInformation<T> typeInfo, TypeSerializer<T> serializer) {
        super(name);
        this.typeInfo = typeInfo;
        this.serializer = serializer;
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
        return Type.VALUE;
    }

    @Override
    public List<StoredType> getStoredTypes() {
        return List.of(stored("value", typeInfo, serializer));
    }
}
