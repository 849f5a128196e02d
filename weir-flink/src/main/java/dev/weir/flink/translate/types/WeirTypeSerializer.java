package dev.weir.flink.translate.types;

import dev.weir.state.serialization.Serializers;
import dev.weir.state.serialization.TypeSchema;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer that writes values with Weir's serializer of a {@link WeirType}: records between Flink
 * operators and values in Flink's state are Weir's bytes (never Kryo, never Java serialization). It holds only the
 * {@link WeirType}; the Weir serializer is found lazily in the JVM that uses it ({@link JobSerializers}). Weir's
 * serializers are stateless and thread-safe, so one instance serves every thread ({@link #duplicate()} is itself).
 * A copy is a round trip through the bytes (immutable values are shared).
 */
public final class WeirTypeSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    private final WeirType type;
    private transient dev.weir.api.serialization.TypeSerializer<T> weir;

    public WeirTypeSerializer(WeirType type) {
        this.type = type;
    }

    /** A serializer using a hand-written Weir serializer ({@code code} {@link TypeCodes#SERIALIZER}). */
    public WeirTypeSerializer(dev.weir.flink.translate.PlanRef ref,
                              dev.weir.api.serialization.TypeSerializer<T> given) {
        this.type = new WeirType(ref, TypeCodes.SERIALIZER + given.getClass().getName());
        this.weir = given;
    }

    /** A serializer of {@code type} that reads and writes with {@code weir} (a restore's migrating reader). */
    WeirTypeSerializer(WeirType type, dev.weir.api.serialization.TypeSerializer<T> weir) {
        this.type = type;
        this.weir = weir;
    }

    public WeirType weirType() {
        return type;
    }

    /** Weir's serializer of the type, found on first use. */
    @SuppressWarnings("unchecked")
    public dev.weir.api.serialization.TypeSerializer<T> weirSerializer() {
        dev.weir.api.serialization.TypeSerializer<T> s = weir;
        if (s == null) {
            Serializers serializers = JobSerializers.of(type.ref());
            if (type.code().startsWith(TypeCodes.SERIALIZER)) {
                s = handWritten(type.code().substring(TypeCodes.SERIALIZER.length()));
            } else if (type.isDynamic()) {
                s = (dev.weir.api.serialization.TypeSerializer<T>) serializers.dynamic();
            } else {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                var info = TypeCodes.decode(type.code(), loader != null ? loader : getClass().getClassLoader());
                s = (dev.weir.api.serialization.TypeSerializer<T>) serializers.forTypeInfo(info,
                        "values of type " + info + " on Flink");
            }
            weir = s;
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static <T> dev.weir.api.serialization.TypeSerializer<T> handWritten(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> c = TypeCodes.load(className, loader != null ? loader : WeirTypeSerializer.class.getClassLoader());
            var constructor = c.getDeclaredConstructor();
            constructor.setAccessible(true);
            return (dev.weir.api.serialization.TypeSerializer<T>) constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot rebuild the hand-written serializer " + className + " of a Weir "
                    + "state on Flink: on restore Flink creates it anew, so it needs a no-argument constructor (a "
                    + "named class, not a lambda)", e);
        }
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        if (from == null || isImmutable(from)) {
            return from;
        }
        try {
            DataOutputSerializer out = new DataOutputSerializer(64);
            weirSerializer().serialize(from, out);
            return weirSerializer().deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy a value of Weir type " + type.code() + ": " + e, e);
        }
    }

    private static boolean isImmutable(Object value) {
        return value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Double
                || value instanceof Boolean || value instanceof Short || value instanceof Byte || value instanceof Float
                || value instanceof Character || value instanceof Enum<?> || value instanceof java.math.BigDecimal
                || value instanceof java.math.BigInteger || value instanceof java.time.Instant
                || value instanceof java.time.LocalDate || value instanceof java.time.LocalTime
                || value instanceof java.time.LocalDateTime;
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        weirSerializer().serialize(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return weirSerializer().deserialize(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return weirSerializer().deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeirTypeSerializer<?> other && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        TypeSchema schema;
        try {
            schema = WeirTypeSerializerSnapshot.schemaOf(weirSerializer());
        } catch (RuntimeException e) {
            schema = null; // no serializer in this JVM (yet): the restore then reads the values as they are
        }
        return new WeirTypeSerializerSnapshot<>(type, schema);
    }

    @Override
    public String toString() {
        return "WeirTypeSerializer(" + type.code() + ")";
    }
}
