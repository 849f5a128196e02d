package dev.weir.api.functions.aggregation;

import dev.weir.api.tuple.Tuple;
import dev.weir.api.typeinfo.BasicTypeInfo;
import dev.weir.api.typeinfo.LocalTimeTypeInfo;
import dev.weir.api.typeinfo.PojoTypeInfo;
import dev.weir.api.typeinfo.TupleTypeInfo;
import dev.weir.api.typeinfo.TypeInformation;

/**
 * Reads one field of a record and makes a copy of a record with that field replaced: a tuple field
 * by position (or by name {@code "f1"}), a POJO or record field by name, or the whole value of a
 * basic type (position 0 or {@code "*"}). Built from the record type; a position or name the type
 * does not have is refused, naming the type and its valid fields. Immutable.
 */
final class FieldAccessor {
    private final TypeInformation<?> type;
    private final int position;
    private final String description;

    private FieldAccessor(TypeInformation<?> type, int position, String description) {
        this.type = type;
        this.position = position;
        this.description = description;
    }

    /** The accessor of field {@code position} of {@code type}. */
    static FieldAccessor of(TypeInformation<?> type, int position) {
        if (type instanceof TupleTypeInfo<?> tuple) {
            if (position < 0 || position >= tuple.getArity()) {
                throw new IllegalArgumentException("field position " + position + " does not exist in " + type
                        + ": valid positions are 0.." + (tuple.getArity() - 1));
            }
            return new FieldAccessor(type, position, "field " + position + " of " + type);
        }
        if (isAtomic(type)) {
            if (position != 0) {
                throw new IllegalArgumentException("field position " + position + " does not exist in " + type
                        + ": a value of a basic type has only position 0 (the value itself)");
            }
            return new FieldAccessor(type, 0, "the value of " + type);
        }
        if (type instanceof PojoTypeInfo<?> pojo) {
            throw new IllegalArgumentException("field positions are for tuples; " + type.getTypeClass().getName()
                    + " is a POJO: name its field instead, one of " + String.join(", ", pojo.getFieldNames()));
        }
        throw new IllegalArgumentException("cannot aggregate field " + position + " of " + type
                + ": field aggregations work on tuples, POJOs, records and basic types");
    }

    /** The accessor of the field named {@code field} of {@code type}. */
    static FieldAccessor of(TypeInformation<?> type, String field) {
        if (type instanceof PojoTypeInfo<?> pojo) {
            int position = pojo.getFieldIndex(field);
            if (position < 0) {
                throw new IllegalArgumentException("field '" + field + "' does not exist in "
                        + type.getTypeClass().getName() + ": its fields are " + String.join(", ", pojo.getFieldNames()));
            }
            return new FieldAccessor(type, position, "field '" + field + "' of " + type.getTypeClass().getName());
        }
        if (type instanceof TupleTypeInfo<?> tuple) {
            int position = tuple.getFieldIndex(field);
            if (position < 0) {
                throw new IllegalArgumentException("field '" + field + "' does not exist in " + type + ": its fields are "
                        + String.join(", ", tuple.getFieldNames()));
            }
            return of(type, position);
        }
        if (isAtomic(type) && field.equals("*")) {
            return of(type, 0);
        }
        throw new IllegalArgumentException("field '" + field + "' does not exist in " + type
                + (isAtomic(type) ? ": a value of a basic type is aggregated as a whole, with \"*\" or position 0"
                : ": field aggregations by name work on POJOs, records and tuples (f0, f1, ...)"));
    }

    private static boolean isAtomic(TypeInformation<?> type) {
        return type instanceof BasicTypeInfo<?> || type instanceof LocalTimeTypeInfo<?>;
    }

    /** The type of the field (GenericTypeInfo of Object where it is not known). */
    TypeInformation<?> fieldType() {
        if (type instanceof TupleTypeInfo<?> tuple) {
            return tuple.getTypeAt(position);
        }
        if (type instanceof PojoTypeInfo<?> pojo) {
            return pojo.getTypeAt(position);
        }
        return type;
    }

    Object get(Object record) {
        if (type instanceof TupleTypeInfo<?>) {
            return ((Tuple) record).getField(position);
        }
        if (type instanceof PojoTypeInfo<?> pojo) {
            return pojo.getPojoFieldAt(position).get(record);
        }
        return record;
    }

    /** A new record: a copy of {@code record} with the field set to {@code value}. */
    @SuppressWarnings("unchecked")
    <T> T copyWith(T record, Object value) {
        if (type instanceof TupleTypeInfo<?>) {
            Tuple copy = ((Tuple) record).copy();
            copy.setField(value, position);
            return (T) copy;
        }
        if (type instanceof PojoTypeInfo<?> pojo) {
            Object[] values = new Object[pojo.getArity()];
            for (int i = 0; i < values.length; i++) {
                values[i] = i == position ? value : pojo.getPojoFieldAt(i).get(record);
            }
            return (T) pojo.newInstance(values);
        }
        return (T) value;
    }

    @Override
    public String toString() {
        return description;
    }
}
