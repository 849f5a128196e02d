package dev.weir.api.functions;

import dev.weir.api.Collector;

/** A {@link FlatMapFunction} with a lifecycle and runtime context; see {@link AbstractRichFunction} for copies and call order. */
public abstract class RichFlatMapFunction<IN, OUT> extends AbstractRichFunction implements FlatMapFunction<IN, OUT> {
    @Override
    public abstract void flatMap(IN value, Collector<OUT> out) throws Exception;
}
