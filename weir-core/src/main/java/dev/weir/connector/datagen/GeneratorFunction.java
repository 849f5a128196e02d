package dev.weir.connector.datagen;

import dev.weir.api.connector.SourceReaderContext;

/**
 * Makes the record with a given index for a {@link DataGeneratorSource}:
 * {@code index -> "event-" + index}. It must be deterministic (the same index always gives an equal
 * record), so that a replay from a checkpoint reproduces the stream exactly.
 *
 * <p>Call order and threading: {@link #open} once per source subtask when its reader starts, then
 * {@link #map} for each index of that subtask, then {@link #close}, all on the subtask's thread.
 * Weir shares one function object between the source's subtasks (Flink gives each its own copy):
 * keep what {@code open} creates per subtask out of the function's fields, or make it safe to share.
 *
 * @param <T> the index type ({@code Long})
 * @param <O> the record type
 */
@FunctionalInterface
public interface GeneratorFunction<T, O> {

    /** Called when a source subtask's reader starts. */
    default void open(SourceReaderContext readerContext) throws Exception {
    }

    /** Called when a source subtask's reader stops, for any reason. */
    default void close() throws Exception {
    }

    /** The record with index {@code value}. */
    O map(T value) throws Exception;
}
