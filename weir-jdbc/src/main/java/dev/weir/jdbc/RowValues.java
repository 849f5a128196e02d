package dev.weir.jdbc;

import java.util.Arrays;
import java.util.List;

/**
 * The row a {@link PostgresSink.RowWriter} fills: one slot per column, primitives unboxed, reused
 * for every record (nothing is allocated per row for numbers). A batch writer reads it right after
 * the RowWriter returned. Columns not set are written as NULL.
 */
final class RowValues implements PostgresSink.Row {
    private final List<String> columns;
    private final ValueKind[] kinds;
    private final long[] longs;
    private final double[] doubles;
    private final Object[] objects;

    RowValues(List<String> columns) {
        this.columns = columns;
        int n = columns.size();
        kinds = new ValueKind[n];
        longs = new long[n];
        doubles = new double[n];
        objects = new Object[n];
        clear();
    }

    void clear() {
        Arrays.fill(kinds, ValueKind.UNSET);
        Arrays.fill(objects, null);
    }

    int size() {
        return kinds.length;
    }

    ValueKind kind(int column) {
        return kinds[column];
    }

    long longValue(int column) {
        return longs[column];
    }

    double doubleValue(int column) {
        return doubles[column];
    }

    Object object(int column) {
        return objects[column];
    }

    /** The value as an object (for upsert keys and snapshots of a row). */
    Object boxed(int column) {
        return switch (kinds[column]) {
            case UNSET, NULL -> null;
            case LONG -> longs[column];
            case INT -> (int) longs[column];
            case DOUBLE -> doubles[column];
            case BOOLEAN -> longs[column] != 0;
            case STRING, OBJECT -> objects[column];
        };
    }

    /** Sets column {@code column} to {@code value} as setObject would (restoring a snapshot). */
    void setBoxed(int column, ValueKind kind, Object value) {
        switch (kind) {
            case UNSET, NULL -> setNull(column);
            case LONG -> setLong(column, ((Number) value).longValue());
            case INT -> setInt(column, ((Number) value).intValue());
            case DOUBLE -> setDouble(column, ((Number) value).doubleValue());
            case BOOLEAN -> setBoolean(column, (Boolean) value);
            case STRING -> setString(column, (String) value);
            case OBJECT -> setObject(column, value);
        }
    }

    private int index(int column) {
        if (column < 0 || column >= kinds.length) {
            throw new IndexOutOfBoundsException("PostgresSink.Row: column index " + column + " is not one of the "
                    + kinds.length + " columns set with setColumns " + columns + " (indexes 0.." + (kinds.length - 1) + ")");
        }
        return column;
    }

    @Override
    public PostgresSink.Row setLong(int column, long value) {
        kinds[index(column)] = ValueKind.LONG;
        longs[column] = value;
        return this;
    }

    @Override
    public PostgresSink.Row setInt(int column, int value) {
        kinds[index(column)] = ValueKind.INT;
        longs[column] = value;
        return this;
    }

    @Override
    public PostgresSink.Row setDouble(int column, double value) {
        kinds[index(column)] = ValueKind.DOUBLE;
        doubles[column] = value;
        return this;
    }

    @Override
    public PostgresSink.Row setString(int column, String value) {
        if (value == null) {
            return setNull(column);
        }
        kinds[index(column)] = ValueKind.STRING;
        objects[column] = value;
        return this;
    }

    @Override
    public PostgresSink.Row setBoolean(int column, boolean value) {
        kinds[index(column)] = ValueKind.BOOLEAN;
        longs[column] = value ? 1 : 0;
        return this;
    }

    @Override
    public PostgresSink.Row setNull(int column) {
        kinds[index(column)] = ValueKind.NULL;
        objects[column] = null;
        return this;
    }

    @Override
    public PostgresSink.Row setObject(int column, Object value) {
        ValueKind kind = ValueKind.of(value);
        switch (kind) {
            case NULL -> setNull(column);
            case LONG -> setLong(column, ((Number) value).longValue());
            case DOUBLE -> setDouble(column, ((Number) value).doubleValue());
            case BOOLEAN -> setBoolean(column, (Boolean) value);
            default -> {
                kinds[index(column)] = value instanceof String ? ValueKind.STRING : ValueKind.OBJECT;
                objects[column] = value;
            }
        }
        return this;
    }
}
