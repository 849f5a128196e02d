package dev.weir.api.tuple;

/** A tuple of 14 fields; see {@link Tuple}. */
public class Tuple14<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> extends Tuple {
    /** Field 0. */
    public T0 f0;
    /** Field 1. */
    public T1 f1;
    /** Field 2. */
    public T2 f2;
    /** Field 3. */
    public T3 f3;
    /** Field 4. */
    public T4 f4;
    /** Field 5. */
    public T5 f5;
    /** Field 6. */
    public T6 f6;
    /** Field 7. */
    public T7 f7;
    /** Field 8. */
    public T8 f8;
    /** Field 9. */
    public T9 f9;
    /** Field 10. */
    public T10 f10;
    /** Field 11. */
    public T11 f11;
    /** Field 12. */
    public T12 f12;
    /** Field 13. */
    public T13 f13;

    /** A tuple whose fields are all null. */
    public Tuple14() {
    }

    public Tuple14(T0 f0, T1 f1, T2 f2, T3 f3, T4 f4, T5 f5, T6 f6, T7 f7, T8 f8, T9 f9, T10 f10, T11 f11, T12 f12,
            T13 f13) {
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
        this.f3 = f3;
        this.f4 = f4;
        this.f5 = f5;
        this.f6 = f6;
        this.f7 = f7;
        this.f8 = f8;
        this.f9 = f9;
        this.f10 = f10;
        this.f11 = f11;
        this.f12 = f12;
        this.f13 = f13;
    }

    /** A tuple of the given field values. */
    public static <T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> Tuple14<T0, T1, T2, T3, T4, T5, T6, T7,
            T8, T9, T10, T11, T12, T13> of(T0 f0, T1 f1, T2 f2, T3 f3, T4 f4, T5 f5, T6 f6, T7 f7, T8 f8, T9 f9,
            T10 f10, T11 f11, T12 f12, T13 f13) {
        return new Tuple14<>(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13);
    }

    @Override
    public int getArity() {
        return 14;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getField(int pos) {
        return (T) switch (pos) {
            case 0 -> f0;
            case 1 -> f1;
            case 2 -> f2;
            case 3 -> f3;
            case 4 -> f4;
            case 5 -> f5;
            case 6 -> f6;
            case 7 -> f7;
            case 8 -> f8;
            case 9 -> f9;
            case 10 -> f10;
            case 11 -> f11;
            case 12 -> f12;
            case 13 -> f13;
            default -> throw noField(pos);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void setField(T value, int pos) {
        switch (pos) {
            case 0 -> f0 = (T0) value;
            case 1 -> f1 = (T1) value;
            case 2 -> f2 = (T2) value;
            case 3 -> f3 = (T3) value;
            case 4 -> f4 = (T4) value;
            case 5 -> f5 = (T5) value;
            case 6 -> f6 = (T6) value;
            case 7 -> f7 = (T7) value;
            case 8 -> f8 = (T8) value;
            case 9 -> f9 = (T9) value;
            case 10 -> f10 = (T10) value;
            case 11 -> f11 = (T11) value;
            case 12 -> f12 = (T12) value;
            case 13 -> f13 = (T13) value;
            default -> throw noField(pos);
        }
    }

    /** Sets all fields. */
    public void setFields(T0 f0, T1 f1, T2 f2, T3 f3, T4 f4, T5 f5, T6 f6, T7 f7, T8 f8, T9 f9, T10 f10, T11 f11,
            T12 f12, T13 f13) {
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
        this.f3 = f3;
        this.f4 = f4;
        this.f5 = f5;
        this.f6 = f6;
        this.f7 = f7;
        this.f8 = f8;
        this.f9 = f9;
        this.f10 = f10;
        this.f11 = f11;
        this.f12 = f12;
        this.f13 = f13;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Tuple14<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> copy() {
        return new Tuple14<>(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13);
    }
}
