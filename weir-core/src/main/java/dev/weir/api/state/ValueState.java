package dev.weir.api.state;

/** A single value per key; {@code null} when the key has none. */
public interface ValueState<T> extends State {
    T value();

    /** Sets the value; {@code null} clears it. Store immutable values, or never change one after storing it. */
    void update(T value);
}
