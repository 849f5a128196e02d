package dev.weir.api.functions;

/**
 * Joins one pair of records of a window join ({@code a.join(b).where(..).equalTo(..).window(..).apply(..)}):
 * called once for every pair of a first-input and a second-input record with equal keys in the same
 * window (an inner join: a key present on one side only gives nothing), when the window fires.
 *
 * <p>Called on the subtask's one thread, never twice at once, in no defined order of pairs. Each
 * subtask calls its own shallow copy of the function (as for a {@link AbstractRichFunction}). After a
 * failure the windows are restored from the last checkpoint and fire again as the records after it are
 * passed again.
 *
 * @param <IN1> type of the first input
 * @param <IN2> type of the second input
 * @param <OUT> output type
 */
@FunctionalInterface
public interface JoinFunction<IN1, IN2, OUT> extends Function {

    /** The result of joining {@code first} with {@code second}. */
    OUT join(IN1 first, IN2 second) throws Exception;
}
