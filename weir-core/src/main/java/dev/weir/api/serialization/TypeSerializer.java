package dev.weir.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes and reads values of one type in state and checkpoint files. Weir has serializers for
 * primitives and their boxes, String, byte[], enums, Java records made of supported types, and
 * List/Map of those; register one for any other type with
 * {@code StreamExecutionEnvironment.registerSerializer}. Weir never falls back to Java serialization.
 *
 * <p>The format is part of a checkpoint: changing it makes older checkpoints unreadable, so
 * version it inside the bytes if it may change. Values are never null here (nulls are handled by
 * the caller). Must be stateless and thread-safe: snapshots are written off the task thread.
 */
public interface TypeSerializer<T> {

    void serialize(T value, DataOutput out) throws IOException;

    T deserialize(DataInput in) throws IOException;
}
