package dev.weir.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes and reads values of one type in state and checkpoint files: Weir's hand-written escape
 * hatch. Weir chooses its own serializer from a type's {@code TypeInformation} (primitives and
 * their boxes, String, byte[], BigDecimal, BigInteger, the java.time types, enums, records, POJOs,
 * tuples, List/Map of those); for any other type, register one with
 * {@code StreamExecutionEnvironment.registerSerializer} or give it to a state descriptor
 * ({@code new ValueStateDescriptor<>("name", serializer)}). Weir never falls back to Kryo or Java
 * serialization. (Flink's {@code TypeSerializer} is an abstract class with snapshots for schema
 * evolution; Weir's is this two-method interface. Weir's own serializers of records and POJOs evolve with their
 * classes — a schema is written into each snapshot — but a hand-written one is recorded by its class name only:
 * it must read the bytes its older versions wrote.)
 *
 * <p>The format is part of a checkpoint: changing it makes older checkpoints unreadable, so
 * version it inside the bytes if it may change. Values are never null here (nulls are handled by
 * the caller). Must be stateless and thread-safe: snapshots are written off the task thread.
 */
public interface TypeSerializer<T> {

    void serialize(T value, DataOutput out) throws IOException;

    T deserialize(DataInput in) throws IOException;
}
