package dev.weir.api.typeinfo;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A {@code java.util.List} of elements of one type; read back as an {@code ArrayList}. */
public final class ListTypeInfo<T> extends TypeInformation<List<T>> {
    private final TypeInformation<T> elementTypeInfo;

    public ListTypeInfo(TypeInformation<T> elementTypeInfo) {
        this.elementTypeInfo = Objects.requireNonNull(elementTypeInfo, "elementTypeInfo");
    }

    public ListTypeInfo(Class<T> elementTypeClass) {
        this(TypeInformation.of(elementTypeClass));
    }

    public TypeInformation<T> getElementTypeInfo() {
        return elementTypeInfo;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<List<T>> getTypeClass() {
        return (Class) List.class;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 0;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public Map<String, TypeInformation<?>> getGenericParameters() {
        return Map.of("E", elementTypeInfo);
    }

    @Override
    public String toString() {
        return "List<" + elementTypeInfo + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListTypeInfo<?> other && other.elementTypeInfo.equals(elementTypeInfo);
    }

    @Override
    public int hashCode() {
        return 31 * List.class.hashCode() + elementTypeInfo.hashCode();
    }
}
