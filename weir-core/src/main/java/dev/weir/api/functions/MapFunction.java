package dev.weir.api.functions;

/** Transforms each record into exactly one record. See {@link Function} for lifecycle and threading. */
@FunctionalInterface
public interface MapFunction<I, O> extends Function {
    O map(I value) throws Exception;
}
