package dev.weir.api.functions;

/**
 * Makes the record with a given sequence number, for the generator source. Must be deterministic
 * (the same index always gives an equal record) so that a replay from a checkpoint reproduces
 * the stream.
 */
@FunctionalInterface
public interface GeneratorFunction<T> {
    T generate(long index) throws Exception;
}
