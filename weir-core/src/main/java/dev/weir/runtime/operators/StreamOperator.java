package dev.weir.runtime.operators;

/**
 * The runtime's view of one operator of a chain: what a task calls, on its own thread only.
 *
 * <p>Call order: {@code open} (which also restores state from the context), then
 * {@code processElement} interleaved with timer callbacks, {@code snapshotState} (the synchronous
 * part of a checkpoint, between two records) and checkpoint notifications; {@code endInput} once if
 * the input ended; {@code close} always (also after a failure).
 */
public interface StreamOperator<IN> {

    void open(OperatorContext context) throws Exception;

    void processElement(IN record) throws Exception;

    /** All input has been processed: emit what is still buffered. */
    default void endInput() throws Exception {
    }

    /**
     * The synchronous part of checkpoint {@code checkpointId}, triggered at {@code timestamp} (epoch
     * milliseconds): capture a consistent image of the operator's state, cheaply (copy-on-write); it
     * is written to files off the task thread.
     */
    default OperatorSnapshot snapshotState(long checkpointId, long timestamp) throws Exception {
        return OperatorSnapshot.EMPTY;
    }

    /** The images of earlier snapshots have been written (or given up): stop keeping them apart. */
    default void releaseSnapshots() {
    }

    default void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    default void notifyCheckpointAborted(long checkpointId) throws Exception {
    }

    void close() throws Exception;
}
