package dev.weir.api.functions;

/** A {@link CoFlatMapFunction} with a lifecycle and runtime context; see {@link AbstractRichFunction} for copies and call order. */
public abstract class RichCoFlatMapFunction<IN1, IN2, OUT> extends AbstractRichFunction
        implements CoFlatMapFunction<IN1, IN2, OUT> {
}
