package dev.weir.api.state;

import java.util.Map;

/** A map per key. Iteration views must not be used after the current call returns. */
public interface MapState<UK, UV> extends State {
    UV get(UK key);

    void put(UK key, UV value);

    void putAll(Map<UK, UV> entries);

    void remove(UK key);

    boolean contains(UK key);

    Iterable<Map.Entry<UK, UV>> entries();

    Iterable<UK> keys();

    Iterable<UV> values();

    boolean isEmpty();
}
