package dev.weir.runtime.operators;

import dev.weir.api.functions.CoMapFunction;
import dev.weir.api.functions.KeySelector;

/** Runs a {@link CoMapFunction}: {@code map1} per record of the first input, {@code map2} per record of the second. */
public final class CoMapOperator<IN1, IN2, OUT> extends CoFunctionOperator<IN1, IN2, OUT, CoMapFunction<IN1, IN2, OUT>> {

    public CoMapOperator(CoMapFunction<IN1, IN2, OUT> function, KeySelector<IN1, ?> keySelector1,
                         KeySelector<IN2, ?> keySelector2) {
        super(function, keySelector1, keySelector2);
    }

    @Override
    public void processElement1(IN1 record) throws Exception {
        setKeyOfFirst(record);
        output.collect(function.map1(record));
    }

    @Override
    public void processElement2(IN2 record) throws Exception {
        setKeyOfSecond(record);
        output.collect(function.map2(record));
    }
}
