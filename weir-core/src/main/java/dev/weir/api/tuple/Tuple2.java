package dev.weir.api.tuple;

/** A tuple of 2 fields; see {@link Tuple}. */
public class Tuple2<T0, T1> extends Tuple {
    /** Field 0. */
    public T0 f0;
    /** Field 1. */
    public T1 f1;

    /** A tuple whose fields are all null. */
    public Tuple2() {
    }

    public Tuple2(T0 f0, T1 f1) {
        this.f0 = f0;
        this.f1 = f1;
    }

    /** A tuple of the given field values. */
    public static <T0, T1> Tuple2<T0, T1> of(T0 f0, T1 f1) {
        return new Tuple2<>(f0, f1);
    }

    @Override
    public int getArity() {
        return 2;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getField(int pos) {
        return (T) switch (pos) {
            case 0 -> f0;
            case 1 -> f1;
            default -> throw noField(pos);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void setField(T value, int pos) {
        switch (pos) {
            case 0 -> f0 = (T0) value;
            case 1 -> f1 = (T1) value;
            default -> throw noField(pos);
        }
    }

    /** Sets all fields. */
    public void setFields(T0 f0, T1 f1) {
        this.f0 = f0;
        this.f1 = f1;
    }

    /** A new tuple with the two fields swapped. */
    public Tuple2<T1, T0> swap() {
        return new Tuple2<>(f1, f0);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Tuple2<T0, T1> copy() {
        return new Tuple2<>(f0, f1);
    }
}
