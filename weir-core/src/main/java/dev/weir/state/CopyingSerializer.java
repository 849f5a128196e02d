package dev.weir.state;

import dev.weir.api.serialization.TypeSerializer;

/**
 * A serializer of values that a heap state copies itself, more cheaply than by a round trip through bytes: for
 * containers whose parts are immutable or are copied one by one. The heap backend copies a value before a handle
 * changes it in place while a snapshot being written still shares it ({@link KeyGroupTable}); values of other
 * serializers are copied by serializing and deserializing them. Task thread only.
 *
 * @param <T> the values
 */
public interface CopyingSerializer<T> extends TypeSerializer<T> {

    /** A copy of {@code value} that shares nothing the caller may change in place; parts are copied with {@code parts}. */
    T copy(T value, PartCopier parts);

    /** Copies a part of a value the way the heap copies a whole value: by its serializer, unless it is immutable. */
    interface PartCopier {
        <V> V copy(TypeSerializer<V> serializer, V part);
    }
}
