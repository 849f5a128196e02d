package dev.weir.state.ttl;

/**
 * A value of a state with time-to-live, stored with the time it was last written (or, with
 * {@code OnReadAndWrite}, read), in milliseconds of the task's processing-time clock. Immutable.
 */
public record TtlValue<T>(T value, long lastAccess) {
}
