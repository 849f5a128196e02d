package dev.weir.api.tuple;

import java.util.Arrays;

/**
 * A fixed-length record of typed fields {@code f0, f1, ...}, as Flink's tuples: {@link Tuple0} to
 * {@link Tuple25} with public fields, {@code of(..)}, value {@code equals}/{@code hashCode} (so a
 * tuple can be a key) and the text form {@code (a,b)}. Weir gives them a serializer of their own
 * (field by field, nulls allowed); they never go through Java serialization.
 *
 * <p>Tuples are mutable, like Flink's: never change a tuple after emitting it (records are passed
 * by reference) nor a tuple used as a key.
 */
public abstract class Tuple {
    /** The largest arity Weir has a tuple class for. */
    public static final int MAX_ARITY = 25;

    private static final Class<?>[] CLASSES = {
            Tuple0.class, Tuple1.class, Tuple2.class, Tuple3.class, Tuple4.class, Tuple5.class, Tuple6.class,
            Tuple7.class, Tuple8.class, Tuple9.class, Tuple10.class, Tuple11.class, Tuple12.class, Tuple13.class,
            Tuple14.class, Tuple15.class, Tuple16.class, Tuple17.class, Tuple18.class, Tuple19.class, Tuple20.class,
            Tuple21.class, Tuple22.class, Tuple23.class, Tuple24.class, Tuple25.class};

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
            case 6 -> new Tuple6<>();
            case 7 -> new Tuple7<>();
            case 8 -> new Tuple8<>();
            case 9 -> new Tuple9<>();
            case 10 -> new Tuple10<>();
            case 11 -> new Tuple11<>();
            case 12 -> new Tuple12<>();
            case 13 -> new Tuple13<>();
            case 14 -> new Tuple14<>();
            case 15 -> new Tuple15<>();
            case 16 -> new Tuple16<>();
            case 17 -> new Tuple17<>();
            case 18 -> new Tuple18<>();
            case 19 -> new Tuple19<>();
            case 20 -> new Tuple20<>();
            case 21 -> new Tuple21<>();
            case 22 -> new Tuple22<>();
            case 23 -> new Tuple23<>();
            case 24 -> new Tuple24<>();
            case 25 -> new Tuple25<>();
            default -> throw new IllegalArgumentException("Weir has tuples of 0 to " + MAX_ARITY + " fields, not "
                    + arity + ": use a POJO or a record for more fields");
        };
    }

    /** The fields in Flink's form, {@code (a,b)}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < getArity(); i++) {
            text.append(i == 0 ? "" : ",").append(text(getField(i)));
        }
        return text.append(')').toString();
    }

    /** Equal to a tuple of the same arity whose fields are all equal (as Flink's {@code TupleN.equals}). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tuple other) || other.getArity() != getArity()) {
            return false;
        }
        for (int i = 0; i < getArity(); i++) {
            if (!java.util.Objects.equals(getField(i), other.getField(i))) {
                return false;
            }
        }
        return true;
    }

    /** Combines the fields' hash codes (31 * h + field), stable across runs for the key groups of tuple keys. */
    @Override
    public int hashCode() {
        int result = 0;
        for (int i = 0; i < getArity(); i++) {
            result = 31 * result + java.util.Objects.hashCode(getField(i));
        }
        return result;
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
