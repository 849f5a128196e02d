package dev.weir.api.typeinfo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;

/**
 * A basic type: the boxes of the primitives, String, BigDecimal, BigInteger and Instant. The
 * constants are the ones {@link Types} hands out ({@code Types.LONG == BasicTypeInfo.LONG_TYPE_INFO}).
 */
public final class BasicTypeInfo<T> extends TypeInformation<T> {
    public static final BasicTypeInfo<String> STRING_TYPE_INFO = new BasicTypeInfo<>(String.class);
    public static final BasicTypeInfo<Boolean> BOOLEAN_TYPE_INFO = new BasicTypeInfo<>(Boolean.class);
    public static final BasicTypeInfo<Byte> BYTE_TYPE_INFO = new BasicTypeInfo<>(Byte.class);
    public static final BasicTypeInfo<Short> SHORT_TYPE_INFO = new BasicTypeInfo<>(Short.class);
    public static final BasicTypeInfo<Integer> INT_TYPE_INFO = new BasicTypeInfo<>(Integer.class);
    public static final BasicTypeInfo<Long> LONG_TYPE_INFO = new BasicTypeInfo<>(Long.class);
    public static final BasicTypeInfo<Float> FLOAT_TYPE_INFO = new BasicTypeInfo<>(Float.class);
    public static final BasicTypeInfo<Double> DOUBLE_TYPE_INFO = new BasicTypeInfo<>(Double.class);
    public static final BasicTypeInfo<Character> CHAR_TYPE_INFO = new BasicTypeInfo<>(Character.class);
    public static final BasicTypeInfo<BigInteger> BIG_INT_TYPE_INFO = new BasicTypeInfo<>(BigInteger.class);
    public static final BasicTypeInfo<BigDecimal> BIG_DEC_TYPE_INFO = new BasicTypeInfo<>(BigDecimal.class);
    public static final BasicTypeInfo<Instant> INSTANT_TYPE_INFO = new BasicTypeInfo<>(Instant.class);

    private static final Map<Class<?>, BasicTypeInfo<?>> BY_CLASS = Map.ofEntries(
            Map.entry(String.class, STRING_TYPE_INFO),
            Map.entry(Boolean.class, BOOLEAN_TYPE_INFO), Map.entry(boolean.class, BOOLEAN_TYPE_INFO),
            Map.entry(Byte.class, BYTE_TYPE_INFO), Map.entry(byte.class, BYTE_TYPE_INFO),
            Map.entry(Short.class, SHORT_TYPE_INFO), Map.entry(short.class, SHORT_TYPE_INFO),
            Map.entry(Integer.class, INT_TYPE_INFO), Map.entry(int.class, INT_TYPE_INFO),
            Map.entry(Long.class, LONG_TYPE_INFO), Map.entry(long.class, LONG_TYPE_INFO),
            Map.entry(Float.class, FLOAT_TYPE_INFO), Map.entry(float.class, FLOAT_TYPE_INFO),
            Map.entry(Double.class, DOUBLE_TYPE_INFO), Map.entry(double.class, DOUBLE_TYPE_INFO),
            Map.entry(Character.class, CHAR_TYPE_INFO), Map.entry(char.class, CHAR_TYPE_INFO),
            Map.entry(BigInteger.class, BIG_INT_TYPE_INFO), Map.entry(BigDecimal.class, BIG_DEC_TYPE_INFO),
            Map.entry(Instant.class, INSTANT_TYPE_INFO));

    private final Class<T> typeClass;

    private BasicTypeInfo(Class<T> typeClass) {
        this.typeClass = typeClass;
    }

    /** The basic type of {@code type} (a primitive gives its box), or null if it is not basic. */
    @SuppressWarnings("unchecked")
    public static <X> BasicTypeInfo<X> getInfoFor(Class<X> type) {
        return (BasicTypeInfo<X>) BY_CLASS.get(type);
    }

    @Override
    public Class<T> getTypeClass() {
        return typeClass;
    }

    @Override
    public boolean isBasicType() {
        return true;
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
        return true;
    }

    @Override
    public String toString() {
        return typeClass.getSimpleName();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BasicTypeInfo<?> other && other.typeClass == typeClass;
    }

    @Override
    public int hashCode() {
        return typeClass.hashCode();
    }
}
