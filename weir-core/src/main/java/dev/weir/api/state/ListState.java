package dev.weir.api.state;

import java.util.List;

/** A list of values per key; an empty iterable when the key has none. */
public interface ListState<T> extends State {
    Iterable<T> get();

    void add(T value);

    void addAll(List<T> values);

    /** Replaces the whole list. */
    void update(List<T> values);
}
