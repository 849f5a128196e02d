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

    /**
     * A record whose key the partitioner before this operator computed already, with this operator's own
     * key selector ({@link KeyedOperator#keySelectorOf}), and its key group: a keyed operator makes them
     * current instead of running its selector and hashing the key again. The task calls this instead of
     * {@link #processElement(Object)} for records that arrive with such a key. Default: the key is ignored.
     */
    default void processElement(IN record, Object key, int keyGroup) throws Exception {
        processElement(record);
    }

    /**
     * The operator's input watermark advanced to {@code watermark} (the minimum over its active
     * inputs; it never goes backwards; {@code Long.MAX_VALUE} at the end of a bounded input, before
     * {@link #endInput}). An operator with event-time timers fires the due ones here. Afterwards the
     * chain forwards the watermark to this operator's output, unless {@link #forwardsWatermarks()}
     * is false. Default: nothing to do (so the watermark is simply forwarded).
     */
    default void processWatermark(long watermark) throws Exception {
    }

    /**
     * Whether the chain forwards the input watermarks and idle statuses of this operator to its
     * output after {@link #processWatermark}. False for operators that make their own watermarks
     * (sources, timestamp assigners), which emit them through {@link Output#emitWatermark}.
     */
    default boolean forwardsWatermarks() {
        return true;
    }

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

    /**
     * Records this operator dropped because they were too late for all their windows (window
     * operators; shown as {@code OperatorStats.lateRecordsDropped} and as the metric
     * {@code numLateRecordsDropped}). Any thread: the job's metrics read it while the task runs.
     */
    default long numLateRecordsDropped() {
        return 0;
    }
}
