package dev.weir.nexmark.model;

/** A line that is not an event in the shape {@link EventJson} reads; the message says what and where. */
public final class MalformedEventException extends IllegalArgumentException {
    public MalformedEventException(String message) {
        super(message);
    }
}
