package dev.weir.runtime.operators;

import dev.weir.api.functions.CoFlatMapFunction;
import dev.weir.api.functions.KeySelector;

/** Runs a {@link CoFlatMapFunction}: {@code flatMap1} per record of the first input, {@code flatMap2} per record of the second. */
public final class CoFlatMapOperator<IN1, IN2, OUT>
        extends CoFunctionOperator<IN1, IN2, OUT, CoFlatMapFunction<IN1, IN2, OUT>> {

    public CoFlatMapOperator(CoFlatMapFunction<IN1, IN2, OUT> function, KeySelector<IN1, ?> keySelector1,
                             KeySelector<IN2, ?> keySelector2) {
        super(function, keySelector1, keySelector2);
    }

    @Override
    public void processElement1(IN1 record) throws Exception {
        setKeyOfFirst(record);
        function.flatMap1(record, output);
    }

    @Override
    public void processElement2(IN2 record) throws Exception {
        setKeyOfSecond(record);
        function.flatMap2(record, output);
    }
}
