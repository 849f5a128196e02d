package dev.weir.api.connector;

import dev.weir.api.functions.Function;

/**
 * The end of a stream: receives the records of one parallel subtask.
 *
 * <p>Call order per subtask: {@code open}, {@code write} for each record, {@code finish} once when
 * the input has ended (bounded jobs), {@code close}. After a failure {@code close} is called
 * without {@code finish}. Each subtask has its own copy (see {@link Function}); calls never overlap.
 * This plain sink gives at-least-once or no guarantee across failures; exactly-once sinks build on
 * transactions committed with checkpoints.
 */
@FunctionalInterface
public interface Sink<T> extends Function {

    void write(T value) throws Exception;

    /** All records of this subtask have been written: flush what is buffered. */
    default void finish() throws Exception {
    }
}
