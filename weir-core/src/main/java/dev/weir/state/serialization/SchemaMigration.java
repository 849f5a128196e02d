package dev.weir.state.serialization;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.typeinfo.PojoTypeInfo;
import dev.weir.state.ttl.TtlSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads values a snapshot wrote in an older {@link TypeSchema} as values of the current classes: Weir's
 * counterpart of Flink's {@code resolveSchemaCompatibility} (compatible as is, after migration, or
 * incompatible) plus the restore serializer. Records and POJOs are matched field by field by name: a
 * field the class gained gets its default (null, 0, false; a POJO keeps what its no-argument constructor
 * set), a field it lost is read and dropped, a field that changed between a primitive and its box is
 * read as it was written; the keys of a map may gain fields but not lose them (two keys would become one).
 * Anything else that changed — a field's type, a class's name, a record or POJO
 * that is now neither — is refused with a message naming the operator, the state, the field and both
 * types. Stateless; the readers it builds are thread-safe like every serializer.
 */
public final class SchemaMigration {
    private SchemaMigration() {
    }

    /**
     * The serializer that reads values of state {@code stateName} of operator {@code operatorUid} written in
     * {@code old}, giving values {@code current} writes: {@code current} itself when the schemas are the same.
     *
     * @throws IllegalStateException when the change cannot be migrated; its message says what to do
     */
    @SuppressWarnings("unchecked")
    public static TypeSerializer<Object> reader(TypeSchema old, TypeSerializer<?> current, Serializers registry,
                                                String operatorUid, String stateName) {
        try {
            return new Resolution(registry).reader(old, current, "");
        } catch (Incompatible e) {
            throw new IllegalStateException("cannot restore keyed state '" + stateName + "' of operator '" + operatorUid
                    + "': " + e.getMessage() + ". " + e.advice, e);
        }
    }

    /** The serializer of the keys of a map serializer ({@link Serializers#mapOf}, or a reader of maps built here). */
    @SuppressWarnings("unchecked")
    public static TypeSerializer<Object> mapKeys(TypeSerializer<?> map) {
        return (TypeSerializer<Object>) ((Serializers.MapSerializer<?, ?>) map).keys();
    }

    /** The serializer of the values of a map serializer ({@link Serializers#mapOf}, or a reader of maps built here). */
    @SuppressWarnings("unchecked")
    public static TypeSerializer<Object> mapValues(TypeSerializer<?> map) {
        return (TypeSerializer<Object>) ((Serializers.MapSerializer<?, ?>) map).values();
    }

    /** Whether values written in {@code old} are read by {@code current} as they are (no migration). */
    public static boolean isCompatibleAsIs(TypeSchema old, TypeSerializer<?> current) {
        return old.equals(TypeSchema.of(current));
    }

    /**
     * The error for a restored state whose current type has no serializer (a class that is no longer a
     * record or POJO, for instance): names the operator, the state and the type the snapshot holds.
     */
    public static IllegalStateException noSerializer(TypeSchema old, String operatorUid, String stateName,
                                                     RuntimeException cause) {
        return new IllegalStateException("cannot restore keyed state '" + stateName + "' of operator '" + operatorUid
                + "': the checkpoint holds its values as " + (old != null ? old.describe() : "an older type")
                + ", but its current type cannot be written: " + cause.getMessage() + ". Restore with the classes as "
                + "they were (a record or a POJO), or give the state a new name to start it empty", cause);
    }

    /** A change that cannot be migrated; the message names the field and both types. */
    private static final class Incompatible extends Exception {
        final String advice;
        /** A field's value type changed (not a class renamed): the field that holds it words the message better. */
        final boolean typeChanged;

        Incompatible(String message, String advice) {
            this(message, advice, false);
        }

        Incompatible(String message, String advice, boolean typeChanged) {
            super(message, null, false, false);
            this.advice = advice;
            this.typeChanged = typeChanged;
        }
    }

    private static final String TYPE_ADVICE = "Weir does not convert a field's values to another type: give the field "
            + "its old type back, or give the changed field a new name (the old values are then dropped and the new "
            + "field starts at its default), or give the state a new name to start it empty";

    /** One resolution: builds the readers, recursing through the old schema and the current serializer. */
    private static final class Resolution {
        private final Serializers registry;
        /** How many map-key types the resolution is inside: a key may gain fields but not lose them. */
        private int keyDepth;

        Resolution(Serializers registry) {
            this.registry = registry;
        }

        @SuppressWarnings("unchecked")
        TypeSerializer<Object> reader(TypeSchema old, TypeSerializer<?> current, String path) throws Incompatible {
            TypeSchema now = TypeSchema.of(current);
            if (old.equals(now)) {
                return (TypeSerializer<Object>) current;
            }
            if (old instanceof TypeSchema.Composite composite && (current instanceof Serializers.RecordSerializer<?>
                    || current instanceof PojoSerializer<?>)) {
                return composite(composite, current, path, now);
            }
            if (old instanceof TypeSchema.TupleOf tuple && current instanceof TupleSerializer<?> t
                    && tuple.className().equals(t.type().getTypeClass().getName())
                    && tuple.fields().size() == t.type().getArity()) {
                TypeSerializer<Object>[] fields = t.fieldSerializers();
                TypeSerializer<Object>[] readers = new TypeSerializer[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    readers[i] = reader(tuple.fields().get(i), fields[i], path + "f" + i + ".");
                }
                return (TypeSerializer<Object>) (Object) t.withFields(readers);
            }
            if (old instanceof TypeSchema.ListOf list && current instanceof Serializers.ListSerializer<?> l) {
                return (TypeSerializer<Object>) (Object) new Serializers.ListSerializer<>(
                        reader(list.elements(), l.elements(), path));
            }
            if (old instanceof TypeSchema.MapOf map && current instanceof Serializers.MapSerializer<?, ?> m) {
                keyDepth++;
                TypeSerializer<Object> keys;
                try {
                    keys = reader(map.keys(), m.keys(), path);
                } finally {
                    keyDepth--;
                }
                return (TypeSerializer<Object>) (Object) new Serializers.MapSerializer<>(keys,
                        reader(map.values(), m.values(), path));
            }
            if (old instanceof TypeSchema.Ttl ttl && current instanceof TtlSerializer<?> t) {
                return (TypeSerializer<Object>) (Object) new TtlSerializer<>(reader(ttl.values(), t.values(), path));
            }
            throw changed(old, now, path);
        }

        private Incompatible changed(TypeSchema old, TypeSchema now, String path) {
            String where = path.isEmpty() ? "its values" : "field '" + path.substring(0, path.length() - 1) + "'";
            if (old instanceof TypeSchema.Composite c && now instanceof TypeSchema.Composite n
                    && !c.className().equals(n.className())) {
                return new Incompatible(where + (path.isEmpty() ? " were" : " was") + " written as " + old.describe()
                        + (path.isEmpty() ? " and are now " : " and is now ") + now.describe() + (loadable(c.className()) ? "" : " (class " + c.className()
                        + " is not on the class path: was it renamed or moved?)"),
                        "Weir matches records and POJOs by class name: restore with the class under its old name, or "
                                + "give the state a new name to start it empty");
            }
            return new Incompatible(where + " " + (path.isEmpty() ? "were" : "was") + " " + old.describe()
                    + " in the checkpoint and " + (path.isEmpty() ? "are" : "is") + " " + now.describe() + " now",
                    TYPE_ADVICE, true);
        }

        @SuppressWarnings("unchecked")
        private TypeSerializer<Object> composite(TypeSchema.Composite old, TypeSerializer<?> current, String path,
                                                 TypeSchema now) throws Incompatible {
            PojoTypeInfo<Object> type;
            TypeSerializer<Object>[] fields;
            if (current instanceof Serializers.RecordSerializer<?> r) {
                type = (PojoTypeInfo<Object>) r.type();
                fields = r.fieldSerializers();
            } else {
                PojoSerializer<?> p = (PojoSerializer<?>) current;
                type = (PojoTypeInfo<Object>) p.type();
                fields = p.fieldSerializers();
            }
            if (!old.className().equals(type.getTypeClass().getName())) {
                throw changed(old, now, path);
            }
            TypeSchema.Composite nowComposite = (TypeSchema.Composite) now;
            TypeSerializer<Object>[] readers = new TypeSerializer[old.fields().size()];
            int[] targets = new int[readers.length];
            for (int i = 0; i < readers.length; i++) {
                TypeSchema.Field field = old.fields().get(i);
                int target = type.getFieldIndex(field.name());
                targets[i] = target;
                String fieldPath = path + field.name() + ".";
                if (target < 0 && keyDepth > 0) {
                    throw new Incompatible("field '" + path + field.name() + "' was removed from " + old.describe()
                            + ", a type of map keys: two keys that differed only in it would become one",
                            "Keep the field in the key class (it may stay unused), or give the state a new name to "
                                    + "start it empty");
                }
                if (target < 0) {
                    readers[i] = skipper(field.type(), fieldPath);
                    continue;
                }
                try {
                    readers[i] = reader(field.type(), fields[target], fieldPath);
                } catch (Incompatible e) {
                    TypeSchema.Field newField = nowComposite.fields().get(target);
                    if (!e.typeChanged || !e.getMessage().startsWith("field '" + path + field.name() + "' was")) {
                        throw e;
                    }
                    // name the field's types as declared (long vs Long) and the class that holds it
                    throw new Incompatible("field '" + path + field.name() + "' of " + old.describe() + " was "
                            + field.describe() + " in the checkpoint and is " + newField.describe() + " now",
                            e.advice);
                }
            }
            return new CompositeReader(old, type, readers, targets);
        }

        /** A reader of values of {@code old} that drops them (the field was removed): returns null. */
        @SuppressWarnings("unchecked")
        private TypeSerializer<Object> skipper(TypeSchema old, String path) throws Incompatible {
            if (old instanceof TypeSchema.Basic basic) {
                TypeSerializer<?> known = Primitives.forName(basic.className());
                if (known == null) {
                    throw new Incompatible("removed field '" + path.substring(0, path.length() - 1) + "' is of "
                            + "type " + basic.className() + ", which this Weir cannot read",
                            "restore with a Weir that knows the type, or add the field back");
                }
                return (TypeSerializer<Object>) known;
            }
            if (old instanceof TypeSchema.EnumOf) {
                return (TypeSerializer<Object>) (Object) Primitives.STRING;
            }
            if (old instanceof TypeSchema.Composite c) {
                TypeSerializer<Object>[] readers = new TypeSerializer[c.fields().size()];
                int[] targets = new int[readers.length];
                for (int i = 0; i < readers.length; i++) {
                    readers[i] = skipper(c.fields().get(i).type(), path + c.fields().get(i).name() + ".");
                    targets[i] = -1;
                }
                return new CompositeReader(c, null, readers, targets);
            }
            if (old instanceof TypeSchema.TupleOf t) {
                TypeSerializer<Object>[] readers = new TypeSerializer[t.fields().size()];
                for (int i = 0; i < readers.length; i++) {
                    readers[i] = skipper(t.fields().get(i), path + "f" + i + ".");
                }
                return new TupleSkipper(readers);
            }
            if (old instanceof TypeSchema.ListOf l) {
                return (TypeSerializer<Object>) (Object) new Serializers.ListSerializer<>(skipper(l.elements(), path));
            }
            if (old instanceof TypeSchema.MapOf m) {
                return (TypeSerializer<Object>) (Object) new Serializers.MapSerializer<>(skipper(m.keys(), path),
                        skipper(m.values(), path));
            }
            if (old instanceof TypeSchema.Dynamic) {
                return registry.dynamic();
            }
            if (old instanceof TypeSchema.Ttl t) {
                return (TypeSerializer<Object>) (Object) new TtlSerializer<>(skipper(t.values(), path));
            }
            throw new Incompatible("removed field '" + path.substring(0, path.length() - 1) + "' was written by the "
                    + "hand-written serializer " + ((TypeSchema.Custom) old).serializerClass() + ", whose bytes Weir "
                    + "cannot skip", "add the field back (it may be unused), or give the state a new name");
        }

        private static boolean loadable(String className) {
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                Class.forName(className, false, loader != null ? loader : SchemaMigration.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }

    /**
     * Reads a record or POJO in the layout {@code old} describes and builds a value of {@code target} (or
     * nothing, to skip it): each old field goes to the target field of its name, or is dropped.
     */
    private static final class CompositeReader implements TypeSerializer<Object> {
        private final TypeSchema.Composite old;
        private final PojoTypeInfo<Object> target;
        private final TypeSerializer<Object>[] readers;
        private final int[] targets;
        private final Map<String, Integer> byName = new HashMap<>();

        CompositeReader(TypeSchema.Composite old, PojoTypeInfo<Object> target, TypeSerializer<Object>[] readers,
                        int[] targets) {
            this.old = old;
            this.target = target;
            this.readers = readers;
            this.targets = targets;
            for (int i = 0; i < old.fields().size(); i++) {
                byName.put(old.fields().get(i).name(), i);
            }
        }

        @Override
        public void serialize(Object value, DataOutput out) {
            throw new UnsupportedOperationException("a migration reader only reads values of an older schema");
        }

        @Override
        public Object deserialize(DataInput in) throws IOException {
            Object[] values = target == null ? null : new Object[target.getArity()];
            if (old.record()) {
                List<TypeSchema.Field> fields = old.fields();
                for (int i = 0; i < readers.length; i++) {
                    Object value = fields.get(i).primitive() || in.readBoolean() ? readers[i].deserialize(in) : null;
                    if (values != null && targets[i] >= 0) {
                        values[targets[i]] = value;
                    }
                }
            } else {
                int version = in.readUnsignedByte();
                if (version != PojoSerializer.VERSION) {
                    throw new IOException("POJO " + old.className() + " was written in format version " + version
                            + ", this Weir reads version " + PojoSerializer.VERSION);
                }
                int count = VarInts.readLength(in);
                for (int f = 0; f < count; f++) {
                    String name = Serializers.readString(in);
                    Integer i = byName.get(name);
                    if (i == null) {
                        throw new IOException("corrupt value: POJO " + old.className() + " has field '" + name
                                + "', which its schema in the snapshot does not list");
                    }
                    Object value = in.readBoolean() ? readers[i].deserialize(in) : null;
                    if (values != null && targets[i] >= 0) {
                        values[targets[i]] = value;
                    }
                }
            }
            if (target == null) {
                return null;
            }
            if (target.isRecord()) { // the canonical constructor needs a value for each primitive component
                for (int j = 0; j < values.length; j++) {
                    Class<?> type = target.getFields().get(j).getField().getType();
                    if (values[j] == null && type.isPrimitive()) {
                        values[j] = java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0);
                    }
                }
            }
            try {
                return target.newInstance(values);
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e.getCause());
            }
        }
    }

    /** Reads and drops a tuple of the given field readers. */
    private record TupleSkipper(TypeSerializer<Object>[] readers) implements TypeSerializer<Object> {
        @Override
        public void serialize(Object value, DataOutput out) {
            throw new UnsupportedOperationException("a migration reader only reads values of an older schema");
        }

        @Override
        public Object deserialize(DataInput in) throws IOException {
            for (TypeSerializer<Object> reader : readers) {
                if (in.readBoolean()) {
                    reader.deserialize(in);
                }
            }
            return null;
        }
    }
}
