package dev.weir.api.functions;

/** A {@link CoMapFunction} with a lifecycle and runtime context; see {@link AbstractRichFunction} for copies and call order. */
public abstract class RichCoMapFunction<IN1, IN2, OUT> extends AbstractRichFunction
        implements CoMapFunction<IN1, IN2, OUT> {
}
