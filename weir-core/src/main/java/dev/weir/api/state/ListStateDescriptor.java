package dev.weir.api.state;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.List;

/** Describes a {@link ListState}: its name and element type (a class, a type information or a serializer). */
public class ListStateDescriptor<T> extends StateDescriptor {
    private final TypeInformation<T> elementTypeInfo;
    private final TypeSerializer<T> elementSerializer;

    public ListStateDescriptor(String name, Class<T> elementTypeClass) {
        this(name, typeOf(elementTypeClass, "element", name), null);
    }

    public ListStateDescriptor(String name, TypeInformation<T> elementTypeInfo) {
        this(name, require(elementTypeInfo, "element type", name), null);
    }

    /** With a hand-written serializer of the elements. */
    public ListStateDescriptor(String name, TypeSerializer<T> typeSerializer) {
        this(name, null, require(typeSerializer, "element serializer", name));
    }

    private ListStateDescriptor(String name, TypeInformation<T> elementTypeInfo, TypeSerializer<T> elementSerializer) {
        super(name);
        this.elementTypeInfo = elementTypeInfo;
        this.elementSerializer = elementSerializer;
    }

    /** The element type, or null when the descriptor was given a serializer. */
    public TypeInformation<T> getElementTypeInformation() {
        return elementTypeInfo;
    }

    /** The element serializer given to the constructor, or null: then Weir chooses one from the type. */
    public TypeSerializer<T> getElementSerializer() {
        return elementSerializer;
    }

    @Override
    public Type getType() {
        return Type.LIST;
    }

    @Override
    public List<StoredType> getStoredTypes() {
        return List.of(stored("element", elementTypeInfo, elementSerializer));
    }
}
