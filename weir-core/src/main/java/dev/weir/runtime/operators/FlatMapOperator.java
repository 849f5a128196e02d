package dev.weir.runtime.operators;

import dev.weir.api.functions.FlatMapFunction;

public final class FlatMapOperator<IN, OUT> extends FunctionOperator<IN, OUT, FlatMapFunction<IN, OUT>> {
    public FlatMapOperator(FlatMapFunction<IN, OUT> function) {
        super(function);
    }

    @Override
    public void processElement(IN record) throws Exception {
        function.flatMap(record, output);
    }
}
