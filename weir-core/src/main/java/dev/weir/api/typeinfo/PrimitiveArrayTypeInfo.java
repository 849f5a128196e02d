package dev.weir.api.typeinfo;

/**
 * An array of a primitive type. Weir supports {@code byte[]} ({@link #BYTE_PRIMITIVE_ARRAY_TYPE_INFO});
 * other primitive arrays need a registered serializer or a {@code List}. A {@code byte[]} is not a
 * key type: Java arrays have no value equality.
 */
public final class PrimitiveArrayTypeInfo<T> extends TypeInformation<T> {
    public static final PrimitiveArrayTypeInfo<byte[]> BYTE_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(byte[].class);

    private final Class<T> arrayClass;

    private PrimitiveArrayTypeInfo(Class<T> arrayClass) {
        this.arrayClass = arrayClass;
    }

    /** The type of {@code type}, or null if Weir has no primitive-array type for it. */
    @SuppressWarnings("unchecked")
    public static <X> PrimitiveArrayTypeInfo<X> getInfoFor(Class<X> type) {
        return type == byte[].class ? (PrimitiveArrayTypeInfo<X>) BYTE_PRIMITIVE_ARRAY_TYPE_INFO : null;
    }

    /** The element type ({@code byte.class}). */
    public Class<?> getComponentType() {
        return arrayClass.getComponentType();
    }

    @Override
    public Class<T> getTypeClass() {
        return arrayClass;
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
        return 1;
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
    public String toString() {
        return arrayClass.getComponentType().getName() + "[]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrimitiveArrayTypeInfo<?> other && other.arrayClass == arrayClass;
    }

    @Override
    public int hashCode() {
        return arrayClass.hashCode();
    }
}
