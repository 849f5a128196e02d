package dev.weir.runtime.operators;

import dev.weir.api.functions.MapFunction;

public final class MapOperator<IN, OUT> extends FunctionOperator<IN, OUT, MapFunction<IN, OUT>> {
    public MapOperator(MapFunction<IN, OUT> function) {
        super(function);
    }

    @Override
    public void processElement(IN record) throws Exception {
        output.collect(function.map(record));
    }
}
