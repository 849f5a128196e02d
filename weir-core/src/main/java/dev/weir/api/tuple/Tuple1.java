package dev.weir.api.tuple;

/** A tuple of 1 field; see {@link Tuple}. */
public class Tuple1<T0> extends Tuple {
    /** Field 0. */
    public T0 f0;

    /** A tuple whose fields are all null. */
    public Tuple1() {
    }

    public Tuple1(T0 f0) {
        this.f0 = f0;
    }

    /** A tuple of the given field values. */
    public static <T0> Tuple1<T0> of(T0 f0) {
        return new Tuple1<>(f0);
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getField(int pos) {
        return (T) switch (pos) {
            case 0 -> f0;
            default -> throw noField(pos);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void setField(T value, int pos) {
        switch (pos) {
            case 0 -> f0 = (T0) value;
            default -> throw noField(pos);
        }
    }

    /** Sets all fields. */
    public void setFields(T0 f0) {
        this.f0 = f0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Tuple1<T0> copy() {
        return new Tuple1<>(f0);
    }
}
