package dev.weir.api.spi;

/**
 * For runners that keep a {@link dev.weir.api.connector.TwoPhaseCommitSink}'s pending transactions per subtask
 * (the Flink runner keeps them in the state of its Sink V2 writer, which Flink hands back to the subtask that wrote
 * it) instead of in Weir's union list state.
 *
 * <p>The {@link dev.weir.api.functions.FunctionInitializationContext} a runner passes to the sink's
 * {@code initializeState} implements this interface to say so: the list the sink then restores under
 * {@link #PENDING_STATE} holds only this subtask's own pending transactions, and {@code open} commits every one of
 * them (not its share by index of a union list) before it aborts leftovers. Everything else about the protocol is
 * unchanged: the runner drives the sink through its public lifecycle ({@code initializeState}, {@code open},
 * {@code write}, {@code snapshotState}, {@code drainAsyncSnapshotWork}, {@code notifyCheckpointComplete},
 * {@code finish}, {@code close}) and reads the pending transactions from the operator list state
 * {@link #PENDING_STATE} it provides.
 */
public interface TransactionalSinkAccess {

    /**
     * The operator list state (union list state) where a two-phase-commit sink keeps its pending transactions, as
     * {@code TwoPhaseCommitSink.Pending} elements.
     */
    String PENDING_STATE = "two-phase-commit-pending";
}
