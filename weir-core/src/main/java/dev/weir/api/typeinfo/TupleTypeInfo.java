package dev.weir.api.typeinfo;

import dev.weir.api.tuple.Tuple;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tuple type ({@code Tuple2<String, Long>}): its class and the type of each field
 * {@code f0..fN}. A field whose type is not known (a raw {@code Tuple2}) is
 * {@code GenericTypeInfo<Object>}, written with its run-time kind.
 */
public final class TupleTypeInfo<T extends Tuple> extends TypeInformation<T> {
    private final Class<T> tupleClass;
    private final TypeInformation<?>[] types;

    /** The tuple of {@code types.length} fields of these types. */
    @SuppressWarnings("unchecked")
    public TupleTypeInfo(TypeInformation<?>... types) {
        this((Class<T>) Tuple.getTupleClass(types.length), types);
    }

    /** A tuple class (or a subclass of one with a public no-argument constructor) with these field types. */
    public TupleTypeInfo(Class<T> tupleClass, TypeInformation<?>... types) {
        this.tupleClass = Objects.requireNonNull(tupleClass, "tupleClass");
        this.types = types.clone();
        for (int i = 0; i < types.length; i++) {
            Objects.requireNonNull(types[i], "type of field f" + i);
        }
        int arity = TypeExtractor.tupleArity(tupleClass);
        if (arity != types.length) {
            throw new IllegalArgumentException(tupleClass.getName() + " has " + arity + " fields, but "
                    + types.length + " field types were given");
        }
    }

    /** The type of field {@code pos} (0-based). */
    @SuppressWarnings("unchecked")
    public <X> TypeInformation<X> getTypeAt(int pos) {
        if (pos < 0 || pos >= types.length) {
            throw new IndexOutOfBoundsException("field " + pos + " of " + this + ": valid positions are 0.."
                    + (types.length - 1));
        }
        return (TypeInformation<X>) types[pos];
    }

    /** The field names, {@code f0..fN}. */
    public String[] getFieldNames() {
        String[] names = new String[types.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = "f" + i;
        }
        return names;
    }

    /** The position of field {@code fieldName} ({@code "f1"} is 1), or -1. */
    public int getFieldIndex(String fieldName) {
        return List.of(getFieldNames()).indexOf(fieldName);
    }

    @Override
    public Class<T> getTypeClass() {
        return tupleClass;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return true;
    }

    @Override
    public int getArity() {
        return types.length;
    }

    @Override
    public int getTotalFields() {
        return Arrays.stream(types).mapToInt(TypeInformation::getTotalFields).sum();
    }

    @Override
    public boolean isKeyType() {
        return Arrays.stream(types).allMatch(TypeInformation::isKeyType);
    }

    @Override
    public Map<String, TypeInformation<?>> getGenericParameters() {
        Map<String, TypeInformation<?>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < types.length; i++) {
            parameters.put("T" + i, types[i]);
        }
        return parameters;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(tupleClass.getSimpleName()).append('<');
        for (int i = 0; i < types.length; i++) {
            text.append(i == 0 ? "" : ", ").append(types[i]);
        }
        return text.append('>').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TupleTypeInfo<?> other && other.tupleClass == tupleClass
                && Arrays.equals(other.types, types);
    }

    @Override
    public int hashCode() {
        return 31 * tupleClass.hashCode() + Arrays.hashCode(types);
    }
}
