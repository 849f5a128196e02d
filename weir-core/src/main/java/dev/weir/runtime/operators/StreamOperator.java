package dev.weir.runtime.operators;

/**
 * The runtime's view of one operator of a chain: what a task calls, on its own thread only.
 * Call order: {@code open}, {@code processElement}* (interleaved with timer callbacks),
 * {@code endInput} once if the input ended, {@code close} always (also after a failure).
 */
public interface StreamOperator<IN> {

    void open(OperatorContext context) throws Exception;

    void processElement(IN record) throws Exception;

    /** All input has been processed: emit what is still buffered. */
    default void endInput() throws Exception {
    }

    void close() throws Exception;
}
