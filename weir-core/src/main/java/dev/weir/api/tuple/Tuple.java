package dev.weir.api.tuple;

import java.util.Arrays;

/**
 * A fixed-length record of typed fields {@code f0, f1, ...}, as Flink's tuples: {@link Tuple0} to
 * {@link Tuple5} with public fields, {@code of(..)}, value {@code equals}/{@code hashCode} (so a
 * tuple can be a key) and the text form {@code (a,b)}. Weir gives them a serializer of their own
 * (field by field, nulls allowed); they never go through Java serialization.
 *
 * <p>Tuples are mutable, like Flink's: never change a tuple after emitting it (records are passed
 * by reference) nor a tuple used as a key.
 */
public abstract class Tuple {
    /** The largest arity Weir has a tuple class for. */
    public static final int MAX_ARITY = 5;

    private static final Class<?>[] CLASSES = {
            Tuple0.class, Tuple1.class, Tuple2.class, Tuple3.class, Tuple4.class, Tuple5.class};

    /** The field at {@code pos} (0-based); throws IndexOutOfBoundsException outside 0..arity-1. */
    public abstract <T> T getField(int pos);

    /** The field at {@code pos}, which must not be null. */
    public <T> T getFieldNotNull(int pos) {
        T field = getField(pos);
        if (field == null) {
            throw new NullPointerException("field " + pos + " of " + this + " is null");
        }
        return field;
    }

    /** Sets the field at {@code pos} (0-based) to {@code value}. */
    public abstract <T> void setField(T value, int pos);

    /** The number of fields. */
    public abstract int getArity();

    /** A shallow copy: a new tuple with the same field values. */
    public abstract <T extends Tuple> T copy();

    /** The tuple class of {@code arity} fields (0..{@link #MAX_ARITY}). */
    @SuppressWarnings("unchecked")
    public static Class<? extends Tuple> getTupleClass(int arity) {
        if (arity < 0 || arity > MAX_ARITY) {
            throw new IllegalArgumentException("Weir has tuples of 0 to " + MAX_ARITY + " fields, not " + arity
                    + ": use a POJO or a record for more fields");
        }
        return (Class<? extends Tuple>) CLASSES[arity];
    }

    /** A new tuple of {@code arity} fields, all null. */
    public static Tuple newInstance(int arity) {
        return switch (arity) {
            case 0 -> Tuple0.INSTANCE;
            case 1 -> new Tuple1<>();
            case 2 -> new Tuple2<>();
            case 3 -> new Tuple3<>();
            case 4 -> new Tuple4<>();
            case 5 -> new Tuple5<>();
            default -> throw new IllegalArgumentException("Weir has tuples of 0 to " + MAX_ARITY + " fields, not "
                    + arity + ": use a POJO or a record for more fields");
        };
    }

    IndexOutOfBoundsException noField(int pos) {
        return new IndexOutOfBoundsException("field " + pos + " of a tuple of " + getArity() + " fields (0.."
                + (getArity() - 1) + ")");
    }

    /** A field as text in Flink's form: arrays by their contents. */
    static String text(Object field) {
        if (field != null && field.getClass().isArray()) {
            String wrapped = Arrays.deepToString(new Object[] {field}); // "[[1, 2]]" for any array type
            return wrapped.substring(1, wrapped.length() - 1);
        }
        return String.valueOf(field);
    }
}
