package dev.weir.api.state;

/**
 * Keyed state: every operation reads or writes the value of the key currently being processed.
 * Handles are not thread-safe and must be used only from the function's own calls.
 */
public interface State {
    /** Removes the current key's value. */
    void clear();
}
