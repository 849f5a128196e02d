package dev.weir.api.functions;

/** A {@link MapFunction} with a lifecycle and runtime context; see {@link AbstractRichFunction} for copies and call order. */
public abstract class RichMapFunction<IN, OUT> extends AbstractRichFunction implements MapFunction<IN, OUT> {
    @Override
    public abstract OUT map(IN value) throws Exception;
}
