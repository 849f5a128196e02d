package dev.weir.state.serialization;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.tuple.Tuple;
import dev.weir.api.typeinfo.TupleTypeInfo;
import dev.weir.api.typeinfo.TypeInformation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Constructor;

/**
 * A tuple: per field a presence flag (false for null) and, if present, the value; the arity is
 * fixed by the type, so the format needs no version. A subclass of a tuple class is created
 * through its public no-argument constructor.
 */
final class TupleSerializer<T extends Tuple> implements TypeSerializer<T> {
    private final TupleTypeInfo<T> type;
    private final TypeSerializer<Object>[] serializers;
    private final Constructor<T> subclassConstructor;

    @SuppressWarnings("unchecked")
    TupleSerializer(TupleTypeInfo<T> type, Serializers registry, String what) {
        this.type = type;
        this.serializers = new TypeSerializer[type.getArity()];
        for (int i = 0; i < serializers.length; i++) {
            serializers[i] = registry.serializerOf((TypeInformation<Object>) type.getTypeAt(i),
                    what + ", field f" + i + " of " + type);
        }
        Class<T> tupleClass = type.getTypeClass();
        try {
            this.subclassConstructor = tupleClass == Tuple.getTupleClass(serializers.length) ? null
                    : tupleClass.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("tuple class " + tupleClass.getName() + " (" + what + ") needs a public "
                    + "no-argument constructor");
        }
    }

    /** A tuple of {@code type} whose fields the given serializers read (a migration's readers). */
    TupleSerializer(TupleTypeInfo<T> type, TypeSerializer<Object>[] serializers, Constructor<T> subclassConstructor) {
        this.type = type;
        this.serializers = serializers.clone();
        this.subclassConstructor = subclassConstructor;
    }

    /** A tuple serializer of the same class whose fields the given serializers read. */
    TupleSerializer<T> withFields(TypeSerializer<Object>[] fields) {
        return new TupleSerializer<>(type, fields, subclassConstructor);
    }

    TupleTypeInfo<T> type() {
        return type;
    }

    TypeSerializer<Object>[] fieldSerializers() {
        return serializers.clone();
    }

    Constructor<T> subclassConstructor() {
        return subclassConstructor;
    }

    @Override
    public void serialize(T value, DataOutput out) throws IOException {
        for (int i = 0; i < serializers.length; i++) {
            Object field = value.getField(i);
            out.writeBoolean(field != null);
            if (field != null) {
                serializers[i].serialize(field, out);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(DataInput in) throws IOException {
        T tuple;
        try {
            tuple = subclassConstructor != null ? subclassConstructor.newInstance()
                    : serializers.length == 0 ? (T) new dev.weir.api.tuple.Tuple0() : (T) Tuple.newInstance(serializers.length);
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot create " + type.getTypeClass().getName() + ": " + e, e);
        }
        for (int i = 0; i < serializers.length; i++) {
            if (in.readBoolean()) {
                tuple.setField(serializers[i].deserialize(in), i);
            }
        }
        return tuple;
    }
}
