package dev.weir.api.state;

/**
 * Operator (non-keyed) state of one subtask: named lists and broadcast states, checkpointed with the subtask and
 * redistributed when the job is restored at another parallelism. Reached in
 * {@code CheckpointedFunction.initializeState} through {@code FunctionInitializationContext.getOperatorStateStore()}.
 *
 * <p>Register each list once, in {@code initializeState}; on restore it already holds this
 * subtask's share. The same name twice with the same kind returns the same list; with another kind
 * (split vs union, or another element type) it is an error. A function fills the lists in
 * {@code snapshotState}; they are copied into the checkpoint right after it.
 */
public interface OperatorStateStore {

    /**
     * A list whose elements are split on restore: the elements of all old subtasks, in subtask order,
     * are dealt round-robin to the new subtasks (at the same parallelism each gets its own back).
     */
    <S> ListState<S> getListState(ListStateDescriptor<S> stateDescriptor) throws Exception;

    /** A list of which every subtask gets all elements of all old subtasks on restore. */
    <S> ListState<S> getUnionListState(ListStateDescriptor<S> stateDescriptor) throws Exception;

    /**
     * The broadcast state of {@code stateDescriptor} (a key-value map that every subtask holds a copy of;
     * see {@link BroadcastState}). On restore, at any parallelism, every subtask gets the copy of old subtask 0.
     */
    <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> stateDescriptor) throws Exception;

    /** Names of the lists registered so far. */
    java.util.Set<String> getRegisteredStateNames();

    /** Names of the broadcast states registered so far. */
    java.util.Set<String> getRegisteredBroadcastStateNames();
}
