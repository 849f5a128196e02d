package dev.weir.api.functions.aggregation;

import dev.weir.api.typeinfo.TypeInformation;

/**
 * Rolling minimum or maximum of one field, whose values must be {@code Comparable}:
 * {@link AggregationType#MIN}/{@link AggregationType#MAX} emit a copy of the key's first record whose
 * field holds the extreme so far (the other fields stay those of the first record);
 * {@link AggregationType#MINBY}/{@link AggregationType#MAXBY} emit the whole record that holds the
 * extreme, on a tie the earlier one if {@code first}, else the later one. A null field loses to any
 * value.
 */
public class ComparableAggregator<T> extends AggregationFunction<T> {
    private final AggregationType aggregationType;
    private final boolean first;

    /** On tuple field {@code position} (or the value of a basic type, position 0). */
    public ComparableAggregator(int position, TypeInformation<T> type, AggregationType aggregationType, boolean first) {
        super(position, null, type);
        this.aggregationType = requireComparable(aggregationType);
        this.first = first;
    }

    /** On the field named {@code field} (a POJO's or record's field, or {@code f0..} of a tuple). */
    public ComparableAggregator(String field, TypeInformation<T> type, AggregationType aggregationType, boolean first) {
        super(-1, java.util.Objects.requireNonNull(field, "field"), type);
        this.aggregationType = requireComparable(aggregationType);
        this.first = first;
    }

    private static AggregationType requireComparable(AggregationType type) {
        if (type == null || type == AggregationType.SUM) {
            throw new IllegalArgumentException("a ComparableAggregator is MIN, MAX, MINBY or MAXBY, not " + type);
        }
        return type;
    }

    @Override
    void check(FieldAccessor accessor) {
        Class<?> fieldClass = accessor.fieldType().getTypeClass();
        if (fieldClass != Object.class && !Comparable.class.isAssignableFrom(fieldClass)) {
            throw new IllegalArgumentException("cannot take the " + aggregationType.name().toLowerCase() + " of "
                    + accessor + ": its type " + accessor.fieldType() + " is not Comparable");
        }
    }

    @Override
    public T reduce(T value1, T value2) {
        FieldAccessor accessor = accessor(value1);
        Object a = accessor.get(value1);
        Object b = accessor.get(value2);
        int c = compare(accessor, a, b);
        boolean max = aggregationType == AggregationType.MAX || aggregationType == AggregationType.MAXBY;
        if (max) {
            c = -c; // now c < 0 means value1 holds the extreme
        }
        if (aggregationType == AggregationType.MINBY || aggregationType == AggregationType.MAXBY) {
            return c < 0 ? value1 : c > 0 ? value2 : first ? value1 : value2;
        }
        return c <= 0 ? value1 : accessor.copyWith(value1, b);
    }

    /** Compares for a minimum: a null is larger than any value (and, negated, smaller for a maximum: it loses both). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private int compare(FieldAccessor accessor, Object a, Object b) {
        boolean max = aggregationType == AggregationType.MAX || aggregationType == AggregationType.MAXBY;
        if (a == null || b == null) {
            int nullLast = a == null ? (b == null ? 0 : 1) : -1;
            return max ? -nullLast : nullLast;
        }
        if (!(a instanceof Comparable)) {
            throw new IllegalArgumentException("cannot compare " + accessor + ": " + a.getClass().getName()
                    + " is not Comparable");
        }
        return ((Comparable) a).compareTo(b);
    }
}
