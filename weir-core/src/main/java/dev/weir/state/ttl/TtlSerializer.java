package dev.weir.state.ttl;

import dev.weir.api.serialization.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes a {@link TtlValue} as its last-access time (8 bytes, first, so a cleanup pass can read it without
 * the value) followed by the value as {@code values} writes it.
 */
public final class TtlSerializer<T> implements TypeSerializer<TtlValue<T>> {
    private final TypeSerializer<T> values;

    public TtlSerializer(TypeSerializer<T> values) {
        this.values = values;
    }

    /** The serializer of the values themselves. */
    public TypeSerializer<T> values() {
        return values;
    }

    @Override
    public void serialize(TtlValue<T> value, DataOutput out) throws IOException {
        out.writeLong(value.lastAccess());
        values.serialize(value.value(), out);
    }

    @Override
    public TtlValue<T> deserialize(DataInput in) throws IOException {
        long lastAccess = in.readLong();
        return new TtlValue<>(values.deserialize(in), lastAccess);
    }

    /** The last-access time of a value serialized by a {@code TtlSerializer}, read from its first 8 bytes. */
    public static long lastAccessOf(byte[] serialized) {
        long time = 0;
        for (int i = 0; i < 8; i++) {
            time = time << 8 | (serialized[i] & 0xFF);
        }
        return time;
    }

    @Override
    public String toString() {
        return "TtlSerializer(" + values + ")";
    }
}
