package dev.weir.api.typeinfo;

import java.util.Objects;

/**
 * A class that is none of Weir's other kinds (not basic, not a POJO, record, tuple, enum, List or
 * Map), or {@code Object} (a value whose kind is known only at run time, written with a tag naming
 * it). Flink would serialize such a class with Kryo; Weir never does: a state or key of a generic
 * type needs a serializer registered with {@code StreamExecutionEnvironment.registerSerializer},
 * else the job fails when it is built, saying {@link #getReason() why} the class is not a POJO.
 */
public final class GenericTypeInfo<T> extends TypeInformation<T> {
    private final Class<T> typeClass;
    private final String reason;

    public GenericTypeInfo(Class<T> typeClass) {
        this(typeClass, null);
    }

    GenericTypeInfo(Class<T> typeClass, String reason) {
        this.typeClass = Objects.requireNonNull(typeClass, "typeClass");
        this.reason = reason;
    }

    /** Weir: why the class is not a POJO (e.g. "it has no public no-argument constructor"), or null. */
    public String getReason() {
        return reason;
    }

    @Override
    public Class<T> getTypeClass() {
        return typeClass;
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

    /**
     * Whether values can be keys: Weir compares keys with {@code equals}/{@code hashCode}, so a class
     * that defines {@code hashCode} (or {@code Object}, a key known only at run time).
     */
    @Override
    public boolean isKeyType() {
        if (typeClass == Object.class || typeClass.isInterface()) {
            return true;
        }
        try {
            return !typeClass.isArray() && typeClass.getMethod("hashCode").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    public boolean isSortKeyType() {
        return Comparable.class.isAssignableFrom(typeClass);
    }

    @Override
    public String toString() {
        return "GenericType<" + typeClass.getName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenericTypeInfo<?> other && other.typeClass == typeClass;
    }

    @Override
    public int hashCode() {
        return typeClass.hashCode();
    }
}
