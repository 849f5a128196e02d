package dev.weir.api.functions;

import dev.weir.api.RuntimeContext;

/**
 * A function with a lifecycle and access to its {@link RuntimeContext}. Only functions that
 * implement this interface get these calls; plain functions (lambdas) get none.
 *
 * <p><b>Call order</b> per subtask, all on the subtask's thread: {@link #setRuntimeContext} on the
 * subtask's own copy of the function, then {@code initializeState} if it is a
 * {@link CheckpointedFunction}, then {@link #open}, then the processing methods (and checkpoint
 * hooks), then {@link #close} once — also after a failure or cancellation (best effort), in which
 * case {@code open} may not have completed.
 */
public interface RichFunction extends Function {

    /** Called once per subtask before the first record; create mutable resources and state handles here. */
    void open(OpenContext openContext) throws Exception;

    /** Called once per subtask after the last record, or when the job stops for any reason. */
    void close() throws Exception;

    /** The context set by the runtime: subtask and job information, keyed state. */
    RuntimeContext getRuntimeContext();

    /** Called by the runtime before {@code open}; not for user code. */
    void setRuntimeContext(RuntimeContext runtimeContext);
}
