package dev.weir.api;

import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;

/**
 * What a function learns in {@code open}: where it runs, its operator state, and keyed state.
 *
 * <p>Keyed state is available only to functions applied on a KeyedStream; elsewhere the getters
 * throw {@link IllegalStateException}. Get state handles once in {@code open} and keep them in
 * fields: a handle always reads and writes the value of the current key. Asking twice for the same
 * name returns the same handle; the same name with another kind of state is an error.
 */
public interface RuntimeContext {
    String getJobName();

    /** The operator's name as given with {@code name(..)}, or its default name. */
    String getOperatorName();

    /** Index of this parallel subtask, 0-based. */
    int getSubtaskIndex();

    int getParallelism();

    /** Number of key groups: the upper bound for rescaling keyed state. */
    int getMaxParallelism();

    /**
     * How many times the job was restarted before this run of the subtask: 0 on the first run,
     * 1 after the first restart from a checkpoint, and so on.
     */
    int getAttemptNumber();

    /** Whether the job takes checkpoints (exactly-once sinks commit only with checkpoints). */
    boolean isCheckpointingEnabled();

    /** Time between checkpoints; {@link java.time.Duration#ZERO} without checkpointing. */
    java.time.Duration getCheckpointInterval();

    /** How long a checkpoint may take before it is abandoned; zero without checkpointing. */
    java.time.Duration getCheckpointTimeout();

    /**
     * Operator (non-keyed) list state of this subtask, restored before {@code open}. On restore
     * with another parallelism the elements of all subtasks are dealt round-robin to the new ones.
     */
    <T> ListState<T> getOperatorListState(ListStateDescriptor<T> descriptor);

    /** Operator list state of which every subtask gets all elements of all subtasks on restore. */
    <T> ListState<T> getOperatorUnionListState(ListStateDescriptor<T> descriptor);

    <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);

    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor);

    <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

    <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor);
}
