package dev.weir.api.connector;

import dev.weir.api.RuntimeContext;
import dev.weir.api.functions.AbstractRichFunction;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.Function;

/**
 * Weir's own sink interface (not Flink's Sink V2): receives the records of one parallel subtask.
 *
 * <p>Call order per subtask, all on the subtask's thread and never overlapping:
 * {@code initializeState} if the sink is a {@link CheckpointedFunction}, then {@link #open}, then
 * {@link #write} for each record, {@link #finish} once when the input has ended (bounded jobs), and
 * {@link #close}. After a failure {@code close} is called without {@code finish}. Each subtask has its
 * own copy, as for rich functions (see {@link AbstractRichFunction}).
 *
 * <p>This plain sink gives at-least-once or no guarantee across failures; exactly-once sinks build on
 * transactions committed with checkpoints ({@link TwoPhaseCommitSink}).
 */
@FunctionalInterface
public interface Sink<T> extends Function {

    /** Called once per subtask before the first record; {@code context} tells where the sink runs. */
    default void open(RuntimeContext context) throws Exception {
    }

    void write(T value) throws Exception;

    /** All records of this subtask have been written: flush what is buffered. */
    default void finish() throws Exception {
    }

    /** Called once per subtask after the last record, or when the job stops for any reason. */
    default void close() throws Exception {
    }
}
