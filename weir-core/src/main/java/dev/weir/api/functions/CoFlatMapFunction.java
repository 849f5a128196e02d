package dev.weir.api.functions;

import dev.weir.api.Collector;

/**
 * Transforms each record of two connected streams into any number of records of a common output type:
 * {@link #flatMap1} for records of the first input, {@link #flatMap2} for those of the second. A
 * typical use keeps something learned from one input (in fields of a rich function, or keyed state on
 * keyed connected streams) and applies it to the other.
 *
 * <p>Both methods are called on the one thread of the subtask, never at the same time, in the order
 * the records arrive; there is no order between the two inputs. After a failure the job restarts from
 * its last checkpoint: what is not in state (plain fields) starts over. For a lifecycle use
 * {@link RichCoFlatMapFunction}.
 *
 * @param <IN1> type of the first input
 * @param <IN2> type of the second input
 * @param <OUT> output type
 */
public interface CoFlatMapFunction<IN1, IN2, OUT> extends Function {

    /** Called for each record of the first input; emits through {@code out}. */
    void flatMap1(IN1 value, Collector<OUT> out) throws Exception;

    /** Called for each record of the second input; emits through {@code out}. */
    void flatMap2(IN2 value, Collector<OUT> out) throws Exception;
}
