package dev.weir.api.typeinfo;

import java.util.Map;

/**
 * The type of the values of a stream or a state, as in Flink: where Flink takes one (state
 * descriptors, {@code returns(..)}, {@code keyBy(.., keyType)}), Weir takes it too and chooses its
 * own versioned serializer from it (see the {@code TypeSerializer} of the serialization package);
 * records passed between operators in one JVM are never serialized.
 *
 * <p>Get one from {@link Types} ({@code Types.LONG}, {@code Types.POJO(MyEvent.class)}), from a
 * class ({@link #of(Class)}) or, for generic types, from a {@link TypeHint}
 * ({@code TypeInformation.of(new TypeHint<Tuple2<String, Long>>() {})}), which resolves the type
 * arguments fully (field types of a tuple, element type of a list).
 *
 * <p>The kinds: {@link BasicTypeInfo} (boxes of primitives, String, BigDecimal, BigInteger,
 * Instant), {@link LocalTimeTypeInfo}, {@link PrimitiveArrayTypeInfo} ({@code byte[]}),
 * {@link EnumTypeInfo}, {@link PojoTypeInfo} (POJOs and Java records), {@link TupleTypeInfo},
 * {@link ListTypeInfo}, {@link MapTypeInfo}, and {@link GenericTypeInfo} for every other class:
 * Weir has no serializer for a generic type unless one is registered with
 * {@code StreamExecutionEnvironment.registerSerializer} (it never falls back to Kryo or Java
 * serialization), and a state of such a type fails the job when it is built.
 *
 * <p>Immutable and thread-safe; equal when they describe the same type.
 *
 * @param <T> the type described
 */
public abstract class TypeInformation<T> {

    /** The class of the values (for a generic type, its raw class). */
    public abstract Class<T> getTypeClass();

    /** Whether this is a basic type: a box of a primitive, String, BigDecimal, BigInteger, Instant. */
    public abstract boolean isBasicType();

    /** Whether this is a {@code Tuple} type. */
    public abstract boolean isTupleType();

    /** The number of fields at the top level (1 for an atomic type). */
    public abstract int getArity();

    /** The number of atomic fields, nested fields included (1 for an atomic type). */
    public abstract int getTotalFields();

    /** Whether values of this type can be keys: equality and hash code are by value. */
    public abstract boolean isKeyType();

    /** Whether values of this type can be sorted (comparable by value). */
    public boolean isSortKeyType() {
        return isKeyType();
    }

    /** The types of the type arguments of this type, by type-variable name (empty for non-generic types). */
    public Map<String, TypeInformation<?>> getGenericParameters() {
        return Map.of();
    }

    @Override
    public abstract String toString();

    @Override
    public abstract boolean equals(Object o);

    @Override
    public abstract int hashCode();

    /**
     * The type of a class. A generic class ({@code List}, {@code Tuple2}) gets unknown type
     * arguments, whose values Weir writes with their run-time kind; use {@link #of(TypeHint)} to
     * give them.
     */
    public static <T> TypeInformation<T> of(Class<T> typeClass) {
        return TypeExtractor.getForClass(typeClass);
    }

    /** The full generic type captured by {@code typeHint}. */
    public static <T> TypeInformation<T> of(TypeHint<T> typeHint) {
        return typeHint.getTypeInfo();
    }
}
