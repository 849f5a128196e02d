package dev.weir.api.functions.aggregation;

import dev.weir.api.typeinfo.GenericTypeInfo;
import dev.weir.api.typeinfo.TypeInformation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

/**
 * Rolling sum of one numeric field ({@code Integer}, {@code Long}, {@code Short}, {@code Byte},
 * {@code Float}, {@code Double}, {@code BigInteger}, {@code BigDecimal} or their primitives): emits a
 * copy of the key's first record whose field holds the sum so far; the other fields stay those of the
 * first record. A null field counts as nothing. Integer types overflow as Java's {@code +} does.
 */
public class SumAggregator<T> extends AggregationFunction<T> {
    private static final Set<Class<?>> NUMBERS = Set.of(Integer.class, Long.class, Short.class, Byte.class,
            Float.class, Double.class, BigInteger.class, BigDecimal.class);

    /** The sum of tuple field {@code position} (or of the value of a basic type, position 0). */
    public SumAggregator(int position, TypeInformation<T> type) {
        super(position, null, type);
    }

    /** The sum of the field named {@code field} (a POJO's or record's field, or {@code f0..} of a tuple). */
    public SumAggregator(String field, TypeInformation<T> type) {
        super(-1, java.util.Objects.requireNonNull(field, "field"), type);
    }

    @Override
    void check(FieldAccessor accessor) {
        TypeInformation<?> fieldType = accessor.fieldType();
        boolean unknown = fieldType instanceof GenericTypeInfo<?> && fieldType.getTypeClass() == Object.class;
        if (!unknown && !NUMBERS.contains(fieldType.getTypeClass())) {
            throw new IllegalArgumentException("cannot sum " + accessor + ": its type " + fieldType + " is not a number "
                    + "(sum needs Integer, Long, Short, Byte, Float, Double, BigInteger or BigDecimal)");
        }
    }

    @Override
    public T reduce(T value1, T value2) {
        FieldAccessor accessor = accessor(value1);
        return accessor.copyWith(value1, add(accessor, accessor.get(value1), accessor.get(value2)));
    }

    private static Object add(FieldAccessor accessor, Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.getClass() != b.getClass()) {
            throw new IllegalArgumentException("cannot sum " + accessor + ": it holds a " + a.getClass().getSimpleName()
                    + " and a " + b.getClass().getSimpleName());
        }
        if (a instanceof Integer x) {
            return x + (Integer) b;
        } else if (a instanceof Long x) {
            return x + (Long) b;
        } else if (a instanceof Double x) {
            return x + (Double) b;
        } else if (a instanceof Float x) {
            return x + (Float) b;
        } else if (a instanceof Short x) {
            return (short) (x + (Short) b);
        } else if (a instanceof Byte x) {
            return (byte) (x + (Byte) b);
        } else if (a instanceof BigDecimal x) {
            return x.add((BigDecimal) b);
        } else if (a instanceof BigInteger x) {
            return x.add((BigInteger) b);
        }
        throw new IllegalArgumentException("cannot sum " + accessor + ": " + a.getClass().getName() + " is not a number");
    }
}
