package dev.weir.api.functions;

/**
 * Marks a user function (as in Flink): an object the job graph holds and every parallel subtask
 * runs its own copy of. Single-method functions ({@link MapFunction}, {@link FilterFunction}, ...)
 * can be lambdas; a function that needs a lifecycle (open, close, state, subtask info) implements
 * {@link RichFunction}, usually by extending {@link AbstractRichFunction} or one of the
 * {@code Rich*Function} classes.
 *
 * <p><b>Records</b> are passed by reference to the next operator in the same JVM: a function
 * must not change a record after it has emitted it, nor keep and change a record it received.
 * All calls of a subtask's copy happen on that subtask's thread, never concurrently.
 */
public interface Function {
}
