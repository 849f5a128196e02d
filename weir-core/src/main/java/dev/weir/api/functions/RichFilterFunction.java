package dev.weir.api.functions;

/** A {@link FilterFunction} with a lifecycle and runtime context; see {@link AbstractRichFunction} for copies and call order. */
public abstract class RichFilterFunction<T> extends AbstractRichFunction implements FilterFunction<T> {
    @Override
    public abstract boolean filter(T value) throws Exception;
}
