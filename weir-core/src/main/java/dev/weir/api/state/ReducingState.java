package dev.weir.api.state;

/** A value per key that {@link #add} combines with the descriptor's reduce function. */
public interface ReducingState<T> extends State {
    /** The reduced value, or {@code null} when nothing was added. */
    T get();

    void add(T value);
}
