package dev.weir.api.functions;

/**
 * Transforms each record of two connected streams into exactly one record of a common output type:
 * {@link #map1} for records of the first input, {@link #map2} for those of the second
 * ({@code first.connect(second).map(..)}).
 *
 * <p>Both methods are called on the one thread of the subtask, never at the same time, in the order
 * the records arrive; there is no order between the two inputs. After a failure the job restarts from
 * its last checkpoint and records after it are passed again. For a lifecycle and runtime context use
 * {@link RichCoMapFunction}; on keyed connected streams a rich function sees the keyed state of each
 * record's key.
 *
 * @param <IN1> type of the first input
 * @param <IN2> type of the second input
 * @param <OUT> output type
 */
public interface CoMapFunction<IN1, IN2, OUT> extends Function {

    /** Called for each record of the first input. */
    OUT map1(IN1 value) throws Exception;

    /** Called for each record of the second input. */
    OUT map2(IN2 value) throws Exception;
}
