package dev.weir.api.tuple;

/** The tuple without fields; use {@link #INSTANCE}. */
public class Tuple0 extends Tuple {
    /** The one tuple without fields. */
    public static final Tuple0 INSTANCE = new Tuple0();

    public Tuple0() {
    }

    @Override
    public int getArity() {
        return 0;
    }

    @Override
    public <T> T getField(int pos) {
        throw noField(pos);
    }

    @Override
    public <T> void setField(T value, int pos) {
        throw noField(pos);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Tuple0 copy() {
        return new Tuple0();
    }
}
