package dev.weir.state;

import dev.weir.api.state.StateDescriptor;
import dev.weir.api.typeinfo.BasicTypeInfo;

/**
 * How a heap table ({@link KeyGroupTable}) holds the values of a state: as object references, or, for a
 * state whose declared value type is {@code Long}, {@code Integer} or {@code Double}, as the primitive's
 * bits in a long of the entry's row (no value array, no box per entry, no box per update).
 *
 * <p>A value held as bits is boxed only where it leaves the table ({@link #box}): a handle's return value,
 * which the JIT can scalar-replace when the caller is inlined, and the snapshot writer's entries, which
 * are written with the state's serializer as before, so the snapshot format does not depend on the kind.
 */
enum ValueKind {
    OBJECT("Object"), LONG("Long"), INT("Integer"), DOUBLE("Double");

    private final String typeName;

    ValueKind(String typeName) {
        this.typeName = typeName;
    }

    /**
     * The kind for a state's stored value (its value, reduced value or accumulator): a primitive kind when
     * its type is {@code Long}, {@code Integer} or {@code Double} given as a type (not a hand-written serializer).
     */
    static ValueKind of(StateDescriptor.StoredType stored) {
        if (stored.serializer() != null || !(stored.type() instanceof BasicTypeInfo<?> basic)) {
            return OBJECT;
        }
        Class<?> type = basic.getTypeClass();
        return type == Long.class ? LONG : type == Integer.class ? INT : type == Double.class ? DOUBLE : OBJECT;
    }

    boolean isPrimitive() {
        return this != OBJECT;
    }

    /** The value held as {@code bits}, boxed (a primitive kind only). */
    Object box(long bits) {
        if (this == LONG) {
            return Long.valueOf(bits);
        }
        if (this == INT) {
            return Integer.valueOf((int) bits);
        }
        return Double.valueOf(Double.longBitsToDouble(bits));
    }

    /** The bits that hold {@code value} (a primitive kind only; value not null). */
    long bits(Object value) {
        try {
            if (this == LONG) {
                return (Long) value;
            }
            if (this == INT) {
                return (Integer) value;
            }
            return Double.doubleToRawLongBits((Double) value);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("a state declared with values of type " + typeName
                    + " got a value of " + value.getClass().getName() + ": declare the state with the type of its values", e);
        }
    }
}
