package dev.weir.runtime;

/**
 * Where the record an operator chain is processing was read, for error messages and dead letters.
 * A source task's chain asks its source reader, and only while the reader emits (a record emitted
 * from a timer or at the end of input has no position); a chain behind a channel does not know it.
 * Asked only when a record fails, so nothing is computed per record.
 */
@FunctionalInterface
public interface SourcePosition {

    /** Nothing known: the chain reads channels. */
    SourcePosition UNKNOWN = () -> null;

    /** The current record's position as text (e.g. {@code file /in/a.txt byte 1234}), or null if unknown. */
    String describe();
}
