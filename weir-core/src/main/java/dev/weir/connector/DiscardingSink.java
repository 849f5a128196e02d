package dev.weir.connector;

import dev.weir.api.connector.Sink;

/** Drops every record; for benchmarks and jobs whose effect is elsewhere. */
public final class DiscardingSink<T> implements Sink<T> {
    @Override
    public void write(T value) {
    }
}
