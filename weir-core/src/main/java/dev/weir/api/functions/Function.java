package dev.weir.api.functions;

import dev.weir.api.RuntimeContext;

/**
 * Base of every user function: the lifecycle hooks.
 *
 * <p><b>Instances.</b> Each parallel subtask works on its own copy of the function object that
 * was given to the API: a shallow field-by-field copy made before {@link #open}, so settings
 * passed to the constructor are seen by every copy. Create anything mutable (buffers, clients,
 * state handles) in {@code open}, not in the constructor, or the copies share it. Lambdas are
 * not copied; they must not capture mutable objects.
 *
 * <p><b>Call order and threading.</b> {@code open} once, then the function's processing
 * methods, then {@code close} once — all on the subtask's own thread, never concurrently.
 * {@code close} is also called when the job fails or is cancelled (best effort).
 *
 * <p><b>Records</b> are passed by reference to the next operator in the same JVM: a function
 * must not change a record after it has emitted it, nor keep and change a record it received.
 */
public interface Function {

    /** Called once per subtask before the first record; {@code context} gives subtask info and state. */
    default void open(RuntimeContext context) throws Exception {
    }

    /** Called once per subtask after the last record, or when the job stops for any reason. */
    default void close() throws Exception {
    }
}
