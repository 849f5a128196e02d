package dev.weir.api.typeinfo;

/**
 * An array of a primitive type ({@code byte[]}, {@code int[]}, ...). Not a key type: Java arrays have
 * no value equality.
 */
public final class PrimitiveArrayTypeInfo<T> extends TypeInformation<T> {
    public static final PrimitiveArrayTypeInfo<boolean[]> BOOLEAN_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(boolean[].class);
    public static final PrimitiveArrayTypeInfo<byte[]> BYTE_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(byte[].class);
    public static final PrimitiveArrayTypeInfo<short[]> SHORT_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(short[].class);
    public static final PrimitiveArrayTypeInfo<int[]> INT_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(int[].class);
    public static final PrimitiveArrayTypeInfo<long[]> LONG_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(long[].class);
    public static final PrimitiveArrayTypeInfo<float[]> FLOAT_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(float[].class);
    public static final PrimitiveArrayTypeInfo<double[]> DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(double[].class);
    public static final PrimitiveArrayTypeInfo<char[]> CHAR_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(char[].class);

    private static final java.util.Map<Class<?>, PrimitiveArrayTypeInfo<?>> BY_CLASS = java.util.Map.of(
            boolean[].class, BOOLEAN_PRIMITIVE_ARRAY_TYPE_INFO, byte[].class, BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
            short[].class, SHORT_PRIMITIVE_ARRAY_TYPE_INFO, int[].class, INT_PRIMITIVE_ARRAY_TYPE_INFO,
            long[].class, LONG_PRIMITIVE_ARRAY_TYPE_INFO, float[].class, FLOAT_PRIMITIVE_ARRAY_TYPE_INFO,
            double[].class, DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO, char[].class, CHAR_PRIMITIVE_ARRAY_TYPE_INFO);

    private final Class<T> arrayClass;

    private PrimitiveArrayTypeInfo(Class<T> arrayClass) {
        this.arrayClass = arrayClass;
    }

    /** The type of {@code type}, or null if Weir has no primitive-array type for it. */
    @SuppressWarnings("unchecked")
    public static <X> PrimitiveArrayTypeInfo<X> getInfoFor(Class<X> type) {
        return (PrimitiveArrayTypeInfo<X>) BY_CLASS.get(type);
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
