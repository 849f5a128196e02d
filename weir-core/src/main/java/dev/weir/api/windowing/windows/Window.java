package dev.weir.api.windowing.windows;

/**
 * A group of records that a window operator aggregates and emits together: a time interval
 * ({@link TimeWindow}) or the one window of all records of a key ({@link GlobalWindow}). A window
 * is a value: equal windows are the same window, so {@code equals} and {@code hashCode} must be
 * defined by value. Windows name the state of a key's window contents and its timers.
 */
public abstract class Window {

    /**
     * The largest timestamp that still belongs to this window: event-time windows fire when the
     * watermark passes it, and their state is cleaned up when it passes it plus the allowed lateness.
     */
    public abstract long maxTimestamp();
}
