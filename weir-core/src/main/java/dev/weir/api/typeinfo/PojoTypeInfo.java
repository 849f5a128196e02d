package dev.weir.api.typeinfo;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A POJO or a Java record, known field by field.
 *
 * <p>A class is a POJO, as in Flink, when it is public and not abstract (a nested class must be
 * static), has a public no-argument constructor, and each of its non-static, non-transient fields
 * (inherited ones included) is public and not final or has a public getter ({@code getX}, or
 * {@code isX} for a boolean) and a public setter ({@code setX}). Its fields are in order of name.
 * A record's fields are its components, in declaration order; a record is created through its
 * canonical constructor.
 *
 * <p>Weir's serializer of a POJO writes the field names into its format and allows null in any
 * non-primitive field. Every snapshot records the fields (names and types) of each state's records and
 * POJOs once, so a job restored with a changed class reads old values with fields added (at their
 * default) and removed; a field whose type changed fails the restore, naming it.
 */
public final class PojoTypeInfo<T> extends TypeInformation<T> {
    private final Class<T> typeClass;
    private final List<PojoField> fields;
    private final Constructor<T> constructor;

    PojoTypeInfo(Class<T> typeClass, List<PojoField> fields, Constructor<T> constructor) {
        this.typeClass = Objects.requireNonNull(typeClass, "typeClass");
        this.fields = List.copyOf(fields);
        this.constructor = constructor;
    }

    /** This type with the fields named in {@code fieldTypes} given those types. */
    PojoTypeInfo<T> withFieldTypes(java.util.Map<String, TypeInformation<?>> fieldTypes) {
        List<PojoField> replaced = new ArrayList<>(fields);
        fieldTypes.forEach((name, type) -> {
            int position = getFieldIndex(name);
            if (position < 0) {
                throw new IllegalArgumentException(typeClass.getName() + " has no field '" + name + "'; its fields: "
                        + String.join(", ", getFieldNames()));
            }
            if (!fields.get(position).getField().getType().isAssignableFrom(boxed(type.getTypeClass()))
                    && !boxed(fields.get(position).getField().getType()).isAssignableFrom(type.getTypeClass())) {
                throw new IllegalArgumentException("field '" + name + "' of " + typeClass.getName() + " is a "
                        + fields.get(position).getField().getType().getName() + ", not a " + type);
            }
            replaced.set(position, fields.get(position).withType(Objects.requireNonNull(type, name)));
        });
        return new PojoTypeInfo<>(typeClass, replaced, constructor);
    }

    private static Class<?> boxed(Class<?> c) {
        return c.isPrimitive() ? java.lang.invoke.MethodType.methodType(c).wrap().returnType() : c;
    }

    /** Whether this is a Java record (created through its canonical constructor). */
    public boolean isRecord() {
        return typeClass.isRecord();
    }

    /** The fields, in the order Weir writes them. */
    public List<PojoField> getFields() {
        return fields;
    }

    public PojoField getPojoFieldAt(int pos) {
        return fields.get(pos);
    }

    /** The names of the fields, in order. */
    public String[] getFieldNames() {
        return fields.stream().map(PojoField::getName).toArray(String[]::new);
    }

    /** The position of the field named {@code fieldName}, or -1. */
    public int getFieldIndex(String fieldName) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(fieldName)) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    public <X> TypeInformation<X> getTypeAt(int pos) {
        return (TypeInformation<X>) fields.get(pos).getTypeInformation();
    }

    public <X> TypeInformation<X> getTypeAt(String fieldName) {
        int pos = getFieldIndex(fieldName);
        if (pos < 0) {
            throw new IllegalArgumentException(typeClass.getName() + " has no field '" + fieldName + "'; its fields: "
                    + String.join(", ", getFieldNames()));
        }
        return getTypeAt(pos);
    }

    /**
     * Weir: a new value from field values in field order. For a POJO: the no-argument constructor,
     * then each field set; for a record: the canonical constructor.
     */
    public T newInstance(Object[] fieldValues) {
        try {
            if (isRecord()) {
                return constructor.newInstance(fieldValues);
            }
            T pojo = constructor.newInstance();
            for (int i = 0; i < fields.size(); i++) {
                Object value = fieldValues[i];
                if (value != null || !fields.get(i).getField().getType().isPrimitive()) {
                    fields.get(i).set(pojo, value);
                }
            }
            return pojo;
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            throw new IllegalStateException("cannot create " + typeClass.getName() + ": " + cause, cause);
        }
    }

    @Override
    public Class<T> getTypeClass() {
        return typeClass;
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
        return fields.size();
    }

    @Override
    public int getTotalFields() {
        return fields.stream().mapToInt(f -> f.getTypeInformation().getTotalFields()).sum();
    }

    /** A POJO is a key type only if its class defines {@code hashCode} (keys are compared with equals). */
    @Override
    public boolean isKeyType() {
        try {
            return isRecord() || typeClass.getMethod("hashCode").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    public boolean isSortKeyType() {
        return false;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        fields.forEach(f -> parts.add(f.toString()));
        return (isRecord() ? "Record " : "PojoType<") + typeClass.getName() + (isRecord() ? "(" : ", fields = [")
                + String.join(", ", parts) + (isRecord() ? ")" : "]>");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PojoTypeInfo<?> other && other.typeClass == typeClass && other.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return 31 * typeClass.hashCode() + fields.size();
    }
}
