package dev.weir.flink.translate.types;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The Flink type of a Weir type: its serializer is a {@link WeirTypeSerializer}. Holds only the {@link WeirType};
 * the class is loaded on demand. Usable as a key type (keys are hashed and compared by their own
 * {@code hashCode}/{@code equals}, as on Weir).
 */
public final class WeirTypeInformation<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final WeirType type;

    public WeirTypeInformation(WeirType type) {
        this.type = type;
    }

    public WeirType weirType() {
        return type;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<T> getTypeClass() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return (Class<T>) TypeCodes.typeClass(type.code(), loader != null ? loader : getClass().getClassLoader());
    }

    @Override
    public boolean isKeyType() {
        return true;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new WeirTypeSerializer<>(type);
    }

    @Override
    public String toString() {
        return "Weir(" + type.code() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeirTypeInformation<?> other && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof WeirTypeInformation<?>;
    }
}
