package dev.weir.state.serialization;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.typeinfo.PojoField;
import dev.weir.state.ttl.TtlSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a state's values look like in a snapshot: the shape of the serializer that wrote them (Weir's
 * counterpart of Flink's {@code TypeSerializerSnapshot}). Written once per state into every keyed
 * snapshot, so that a restore with changed classes can read values of the old shape and migrate them
 * ({@link SchemaMigration}). Records and POJOs are described field by field (name, type, whether
 * primitive); built-in types by class name; hand-written serializers by their class name only.
 *
 * <p>Format: a version byte ({@link #VERSION}), then the tree, each node a tag byte and its content.
 * Immutable values, equal when they describe the same bytes.
 */
public sealed interface TypeSchema {
    int VERSION = 1;

    /** A built-in type of fixed format ({@code java.lang.Long} for long and Long, {@code [B} for byte[], ...). */
    record Basic(String className) implements TypeSchema {
        @Override
        public String describe() {
            return className.startsWith("java.lang.") ? className.substring(10) : className;
        }
    }

    /** An enum, written as the name of its constant. */
    record EnumOf(String className) implements TypeSchema {
        @Override
        public String describe() {
            return "enum " + className;
        }
    }

    /** A record (components in declaration order) or a POJO (fields named in the bytes). */
    record Composite(String className, boolean record, List<Field> fields) implements TypeSchema {
        public Composite {
            fields = List.copyOf(fields);
        }

        Field field(String name) {
            for (Field f : fields) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
            return null;
        }

        @Override
        public String describe() {
            return (record ? "record " : "POJO ") + className;
        }
    }

    /** A field of a record or POJO. */
    record Field(String name, boolean primitive, TypeSchema type) {
        /** The field's type as a reader sees it: {@code long} for a primitive, else the type. */
        String describe() {
            return primitive && type instanceof Basic basic ? primitiveName(basic.className()) : type.describe();
        }
    }

    /** A tuple of a class (one of Tuple0..Tuple25 or a subclass), fields by position. */
    record TupleOf(String className, List<TypeSchema> fields) implements TypeSchema {
        public TupleOf {
            fields = List.copyOf(fields);
        }

        @Override
        public String describe() {
            return className + fields.stream().map(TypeSchema::describe).collect(Collectors.joining(", ", "<", ">"));
        }
    }

    record ListOf(TypeSchema elements) implements TypeSchema {
        @Override
        public String describe() {
            return "List<" + elements.describe() + ">";
        }
    }

    record MapOf(TypeSchema keys, TypeSchema values) implements TypeSchema {
        @Override
        public String describe() {
            return "Map<" + keys.describe() + ", " + values.describe() + ">";
        }
    }

    /** Values of a type known only at run time, each tagged with its kind (Object-typed state). */
    record Dynamic() implements TypeSchema {
        @Override
        public String describe() {
            return "Object (each value with its run-time type)";
        }
    }

    /** Values with their last-access time (state with time-to-live). */
    record Ttl(TypeSchema values) implements TypeSchema {
        @Override
        public String describe() {
            return values.describe() + " with time-to-live";
        }
    }

    /** A hand-written serializer: only its class is known. */
    record Custom(String serializerClass) implements TypeSchema {
        @Override
        public String describe() {
            return "values of the hand-written serializer " + serializerClass;
        }
    }

    /** A short description for messages: {@code String}, {@code record com.example.Order}, {@code List<Long>}. */
    String describe();

    // ---- from a serializer ----

    /** The schema of the values {@code serializer} writes. */
    static TypeSchema of(TypeSerializer<?> serializer) {
        String basic = Primitives.nameOf(serializer);
        if (basic != null) {
            return new Basic(basic);
        }
        if (serializer instanceof Serializers.EnumSerializer<?> e) {
            return new EnumOf(e.type().getName());
        }
        if (serializer instanceof Serializers.RecordSerializer<?> r) {
            return composite(r.type(), r.fieldSerializers(), true);
        }
        if (serializer instanceof PojoSerializer<?> p) {
            return composite(p.type(), p.fieldSerializers(), false);
        }
        if (serializer instanceof TupleSerializer<?> t) {
            List<TypeSchema> fields = new ArrayList<>();
            for (TypeSerializer<Object> field : t.fieldSerializers()) {
                fields.add(of(field));
            }
            return new TupleOf(t.type().getTypeClass().getName(), fields);
        }
        if (serializer instanceof Serializers.ListSerializer<?> l) {
            return new ListOf(of(l.elements()));
        }
        if (serializer instanceof Serializers.MapSerializer<?, ?> m) {
            return new MapOf(of(m.keys()), of(m.values()));
        }
        if (serializer instanceof DynamicSerializer) {
            return new Dynamic();
        }
        if (serializer instanceof TtlSerializer<?> ttl) {
            return new Ttl(of(ttl.values()));
        }
        return new Custom(serializer.getClass().getName());
    }

    private static Composite composite(dev.weir.api.typeinfo.PojoTypeInfo<?> type, TypeSerializer<Object>[] serializers,
                                       boolean record) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < serializers.length; i++) {
            PojoField field = type.getFields().get(i);
            fields.add(new Field(field.getName(), field.getField().getType().isPrimitive(), of(serializers[i])));
        }
        return new Composite(type.getTypeClass().getName(), record, fields);
    }

    private static String primitiveName(String boxed) {
        return switch (boxed) {
            case "java.lang.Long" -> "long";
            case "java.lang.Integer" -> "int";
            case "java.lang.Short" -> "short";
            case "java.lang.Byte" -> "byte";
            case "java.lang.Double" -> "double";
            case "java.lang.Float" -> "float";
            case "java.lang.Boolean" -> "boolean";
            case "java.lang.Character" -> "char";
            default -> boxed;
        };
    }

    // ---- the format ----

    byte BASIC = 1, ENUM = 2, COMPOSITE = 3, TUPLE = 4, LIST = 5, MAP = 6, DYNAMIC = 7, TTL = 8, CUSTOM = 9;

    /** Writes {@code schema} (with the version byte in front). */
    static void write(TypeSchema schema, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        writeNode(schema, out);
    }

    /** Reads a schema {@link #write} wrote. */
    static TypeSchema read(DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("a state schema of format version " + version + "; this Weir reads version "
                    + VERSION + ": the snapshot was written by a newer Weir");
        }
        return readNode(in, 0);
    }

    private static void writeNode(TypeSchema schema, DataOutput out) throws IOException {
        if (schema instanceof Basic b) {
            out.writeByte(BASIC);
            Serializers.writeString(b.className(), out);
        } else if (schema instanceof EnumOf e) {
            out.writeByte(ENUM);
            Serializers.writeString(e.className(), out);
        } else if (schema instanceof Composite c) {
            out.writeByte(COMPOSITE);
            Serializers.writeString(c.className(), out);
            out.writeBoolean(c.record());
            VarInts.write(c.fields().size(), out);
            for (Field f : c.fields()) {
                Serializers.writeString(f.name(), out);
                out.writeBoolean(f.primitive());
                writeNode(f.type(), out);
            }
        } else if (schema instanceof TupleOf t) {
            out.writeByte(TUPLE);
            Serializers.writeString(t.className(), out);
            VarInts.write(t.fields().size(), out);
            for (TypeSchema f : t.fields()) {
                writeNode(f, out);
            }
        } else if (schema instanceof ListOf l) {
            out.writeByte(LIST);
            writeNode(l.elements(), out);
        } else if (schema instanceof MapOf m) {
            out.writeByte(MAP);
            writeNode(m.keys(), out);
            writeNode(m.values(), out);
        } else if (schema instanceof Dynamic) {
            out.writeByte(DYNAMIC);
        } else if (schema instanceof Ttl t) {
            out.writeByte(TTL);
            writeNode(t.values(), out);
        } else {
            out.writeByte(CUSTOM);
            Serializers.writeString(((Custom) schema).serializerClass(), out);
        }
    }

    private static TypeSchema readNode(DataInput in, int depth) throws IOException {
        if (depth > 64) {
            throw new IOException("corrupt state schema: nested deeper than 64 levels");
        }
        byte tag = in.readByte();
        return switch (tag) {
            case BASIC -> new Basic(Serializers.readString(in));
            case ENUM -> new EnumOf(Serializers.readString(in));
            case COMPOSITE -> {
                String className = Serializers.readString(in);
                boolean record = in.readBoolean();
                int count = VarInts.readLength(in);
                List<Field> fields = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    fields.add(new Field(Serializers.readString(in), in.readBoolean(), readNode(in, depth + 1)));
                }
                yield new Composite(className, record, fields);
            }
            case TUPLE -> {
                String className = Serializers.readString(in);
                int count = VarInts.readLength(in);
                List<TypeSchema> fields = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    fields.add(readNode(in, depth + 1));
                }
                yield new TupleOf(className, fields);
            }
            case LIST -> new ListOf(readNode(in, depth + 1));
            case MAP -> new MapOf(readNode(in, depth + 1), readNode(in, depth + 1));
            case DYNAMIC -> new Dynamic();
            case TTL -> new Ttl(readNode(in, depth + 1));
            case CUSTOM -> new Custom(Serializers.readString(in));
            default -> throw new IOException("corrupt state schema: unknown tag " + tag);
        };
    }
}
