package dev.weir.flink.translate.types;

import dev.weir.flink.translate.PlanRef;
import dev.weir.state.serialization.SchemaMigration;
import dev.weir.state.serialization.TypeSchema;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What Flink keeps in a checkpoint about a {@link WeirTypeSerializer}: its {@link WeirType} (the program, when
 * known, and the type's code) and the {@link TypeSchema} of the values it wrote (Weir's description of records and
 * POJOs field by field), from which the serializer is rebuilt on restore.
 *
 * <p>On restore, the same type code with the same schema is compatible as is; the same code with a changed record or
 * POJO class is compatible after migration: the restored serializer is Weir's migrating reader
 * ({@link SchemaMigration}), which reads the old shape into the current class (Flink's heap backend reads all state
 * with it, then writes with the current serializer). A different code, or a change Weir cannot migrate, is
 * incompatible. Flink creates it by its public no-argument constructor before {@link #readSnapshot}.
 */
public final class WeirTypeSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {

    private static final int VERSION = 2;

    private WeirType type;
    private TypeSchema schema;

    public WeirTypeSerializerSnapshot() {
    }

    /** A snapshot of a serializer of {@code type} that writes values of {@code schema} (null: not known). */
    WeirTypeSerializerSnapshot(WeirType type, TypeSchema schema) {
        this.type = type;
        this.schema = schema;
    }

    /** The schema of the values {@code weir} writes, or null where Weir cannot describe it. */
    static TypeSchema schemaOf(dev.weir.api.serialization.TypeSerializer<?> weir) {
        try {
            return TypeSchema.of(weir);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        PlanRef ref = type.ref();
        out.writeBoolean(ref != null);
        if (ref != null) {
            writeString(ref.mainClass(), out);
            writeString(dev.weir.api.spi.ProgramOptions.encodeArgs(ref.args()), out);
        }
        writeString(type.code(), out);
        out.writeBoolean(schema != null);
        if (schema != null) {
            TypeSchema.write(schema, out);
        }
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
        if (readVersion < 1 || readVersion > VERSION) {
            throw new IOException("unknown version " + readVersion + " of a Weir serializer snapshot (this Weir reads "
                    + "1 to " + VERSION + ")");
        }
        PlanRef ref = in.readBoolean() ? new PlanRef(readString(in), dev.weir.api.spi.ProgramOptions.decodeArgs(readString(in))) : null;
        type = new WeirType(ref, readString(in));
        schema = readVersion >= 2 && in.readBoolean() ? TypeSchema.read(in) : null;
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        WeirTypeSerializer<T> current = new WeirTypeSerializer<>(type);
        if (schema == null || SchemaMigration.isCompatibleAsIs(schema, current.weirSerializer())) {
            return current;
        }
        @SuppressWarnings("unchecked")
        dev.weir.api.serialization.TypeSerializer<T> reader = (dev.weir.api.serialization.TypeSerializer<T>)
                SchemaMigration.reader(schema, current.weirSerializer(), JobSerializers.of(type.ref()),
                        "(a Flink operator)", "of type " + type.code());
        return new WeirTypeSerializer<>(type, reader);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        if (!(oldSnapshot instanceof WeirTypeSerializerSnapshot<T> old) || !old.type.code().equals(type.code())) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        if (old.schema == null || schema == null || old.schema.equals(schema)) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        try {
            old.restoreSerializer(); // the migrating reader: throws when the change cannot be migrated
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        } catch (IllegalStateException e) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }

    private static void writeString(String s, DataOutputView out) throws IOException {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
