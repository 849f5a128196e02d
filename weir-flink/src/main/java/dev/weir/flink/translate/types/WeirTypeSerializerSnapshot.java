package dev.weir.flink.translate.types;

import dev.weir.flink.translate.PlanRef;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What Flink keeps in a checkpoint about a {@link WeirTypeSerializer}: its {@link WeirType} (the program, when
 * known, and the type's code), from which the serializer is rebuilt on restore. Compatible as is when the restored
 * job names the same type code; a different code is incompatible (Weir's schema migration does not run on Flink).
 * Flink creates it by its public no-argument constructor before {@link #readSnapshot}.
 */
public final class WeirTypeSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {

    private static final int VERSION = 1;

    private WeirType type;

    public WeirTypeSerializerSnapshot() {
    }

    WeirTypeSerializerSnapshot(WeirType type) {
        this.type = type;
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
            writeString(PlanRef.encodeArgs(ref.args()), out);
        }
        writeString(type.code(), out);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("unknown version " + readVersion + " of a Weir serializer snapshot (this Weir reads "
                    + VERSION + ")");
        }
        PlanRef ref = in.readBoolean() ? new PlanRef(readString(in), PlanRef.decodeArgs(readString(in))) : null;
        type = new WeirType(ref, readString(in));
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return new WeirTypeSerializer<>(type);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot instanceof WeirTypeSerializerSnapshot<T> old && old.type.code().equals(type.code())) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
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
