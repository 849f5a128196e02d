package dev.weir.state.serialization;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.tuple.Tuple;
import dev.weir.api.windowing.windows.GlobalWindow;
import dev.weir.api.windowing.windows.TimeWindow;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * For values whose type is known only at run time (keys, {@code Object}-typed state): a tag byte
 * names the kind, then the value. Weir's windows ({@code TimeWindow}, {@code GlobalWindow}: the
 * namespaces of window timers) have tags of their own. Records, enums, tuples, POJOs and registered
 * types are written with their class name; when reading, the class is loaded without initialising it and must still be
 * a record, an enum, one of Weir's tuple classes, a registered type, or a POJO (or tuple subclass)
 * the job declared (see {@link Serializers#declare}), so a hostile file cannot make Weir construct
 * arbitrary classes. A POJO the job does not declare is refused when written, not only on restore.
 */
final class DynamicSerializer implements TypeSerializer<Object> {
    private static final byte LONG = 1, INT = 2, STRING = 3, DOUBLE = 4, BOOLEAN = 5, BYTES = 6, LIST = 7, MAP = 8,
            SHORT = 9, BYTE = 10, FLOAT = 11, CHAR = 12, NAMED_CLASS = 13, BIG_DEC = 14, BIG_INT = 15, INSTANT = 16,
            LOCAL_DATE = 17, LOCAL_TIME = 18, LOCAL_DATE_TIME = 19, PRIMITIVE_ARRAY = 20, TUPLE = 21,
            TIME_WINDOW = 22, GLOBAL_WINDOW = 23;

    /** Records, enums and Weir's own tuple classes: readable whatever the job declares. */
    private static final ClassValue<Boolean> ALWAYS_READABLE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.isRecord() || type.isEnum() || isTupleClass(type);
        }
    };

    /** The primitive arrays other than byte[], by the index written after {@link #PRIMITIVE_ARRAY}. */
    private static final List<Class<?>> ARRAYS = List.of(boolean[].class, short[].class, int[].class, long[].class,
            float[].class, double[].class, char[].class);

    private final Serializers registry;
    /*
     * The class last written and last read, with its name's bytes and serializer. One instance serves many threads:
     * these are plain fields holding immutable objects, so a thread sees either its own or another's complete entry
     * and checks it before use (a miss only costs the lookup). The bytes written are the same as without them.
     */
    private Named lastWritten;
    private Named lastRead;

    /** A class written by name: its UTF-8 name and its serializer (when read: the loader it was loaded with). */
    private record Named(Class<?> type, ClassLoader loader, byte[] name, TypeSerializer<Object> serializer) {
    }

    DynamicSerializer(Serializers registry) {
        this.registry = registry;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void serialize(Object value, DataOutput out) throws IOException {
        if (value instanceof Record && !(value instanceof List<?>) && !(value instanceof Map<?, ?>)) {
            // the common case of a stream without a declared type: straight to the named-class form
            writeNamed(value, out);
        } else if (value instanceof Long v) {
            out.writeByte(LONG);
            out.writeLong(v);
        } else if (value instanceof Integer v) {
            out.writeByte(INT);
            out.writeInt(v);
        } else if (value instanceof String v) {
            out.writeByte(STRING);
            Serializers.writeString(v, out);
        } else if (value instanceof Double v) {
            out.writeByte(DOUBLE);
            out.writeDouble(v);
        } else if (value instanceof Boolean v) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(v);
        } else if (value instanceof byte[] v) {
            out.writeByte(BYTES);
            Primitives.BYTES.serialize(v, out);
        } else if (value instanceof Short v) {
            out.writeByte(SHORT);
            out.writeShort(v);
        } else if (value instanceof Byte v) {
            out.writeByte(BYTE);
            out.writeByte(v);
        } else if (value instanceof Float v) {
            out.writeByte(FLOAT);
            out.writeFloat(v);
        } else if (value instanceof Character v) {
            out.writeByte(CHAR);
            out.writeChar(v);
        } else if (value instanceof java.math.BigDecimal v) {
            out.writeByte(BIG_DEC);
            Primitives.BIG_DEC.serialize(v, out);
        } else if (value instanceof java.math.BigInteger v) {
            out.writeByte(BIG_INT);
            Primitives.BIG_INT.serialize(v, out);
        } else if (value instanceof java.time.Instant v) {
            out.writeByte(INSTANT);
            Primitives.INSTANT.serialize(v, out);
        } else if (value instanceof java.time.LocalDate v) {
            out.writeByte(LOCAL_DATE);
            Primitives.LOCAL_DATE.serialize(v, out);
        } else if (value instanceof java.time.LocalTime v) {
            out.writeByte(LOCAL_TIME);
            Primitives.LOCAL_TIME.serialize(v, out);
        } else if (value instanceof java.time.LocalDateTime v) {
            out.writeByte(LOCAL_DATE_TIME);
            Primitives.LOCAL_DATE_TIME.serialize(v, out);
        } else if (value instanceof TimeWindow window && value.getClass() == TimeWindow.class) {
            // windows name the timers of window operators (millions of them): a tag, not a class name
            out.writeByte(TIME_WINDOW);
            TimeWindow.Serializer.INSTANCE.serialize(window, out);
        } else if (value instanceof GlobalWindow) {
            out.writeByte(GLOBAL_WINDOW);
        } else if (value instanceof Tuple tuple && isTupleClass(value.getClass())
                && registry.registeredFor(value.getClass()) == null) {
            // Tuples are common keys: their arity instead of their class name, each field tagged.
            out.writeByte(TUPLE);
            out.writeByte(tuple.getArity());
            for (int i = 0; i < tuple.getArity(); i++) {
                Object field = tuple.getField(i);
                out.writeBoolean(field != null);
                if (field != null) {
                    serialize(field, out);
                }
            }
        } else if (ARRAYS.contains(value.getClass())) {
            out.writeByte(PRIMITIVE_ARRAY);
            out.writeByte(ARRAYS.indexOf(value.getClass()));
            ((TypeSerializer<Object>) Primitives.forClass(value.getClass())).serialize(value, out);
        } else if (registry.registeredFor(value.getClass()) == null && value instanceof List<?> list) {
            out.writeByte(LIST);
            new Serializers.ListSerializer<>(this).serialize((List<Object>) list, out);
        } else if (registry.registeredFor(value.getClass()) == null && value instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            new Serializers.MapSerializer<>(this, this).serialize((Map<Object, Object>) map, out);
        } else {
            writeNamed(value, out);
        }
    }

    /** {@link #NAMED_CLASS}, the class name (as {@link Serializers#writeString}), then the value by its class's serializer. */
    private void writeNamed(Object value, DataOutput out) throws IOException {
        Named named = lastWritten;
        Class<?> type = value.getClass();
        if (named == null || named.type != type) {
            named = named(type);
            lastWritten = named;
        }
        out.writeByte(NAMED_CLASS);
        VarInts.write(named.name.length, out);
        out.write(named.name);
        named.serializer.serialize(value, out);
    }

    private Named named(Class<?> type) {
        if (type == Object.class) {
            throw new IllegalArgumentException("no serializer for a plain java.lang.Object value: use a record, "
                    + "an enum, a supported type, or register a serializer");
        }
        TypeSerializer<Object> serializer = registry.forRuntimeClass(type, "a value of run-time type " + type.getName());
        if (!readable(type)) {
            throw new IllegalArgumentException("a value of class " + type.getName() + " (a key or a value of a state "
                    + "of type Object) is a POJO the job does not declare, and Weir reads back only declared POJO "
                    + "classes from checkpoints: declare it, e.g. keyBy(selector, Types.POJO(" + type.getSimpleName()
                    + ".class)), returns(" + type.getSimpleName() + ".class) on the stream, or a state descriptor of "
                    + "that type; or make it a record");
        }
        return new Named(type, null, type.getName().getBytes(StandardCharsets.UTF_8), serializer);
    }

    @Override
    public Object deserialize(DataInput in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case LONG -> in.readLong();
            case INT -> in.readInt();
            case STRING -> Serializers.readString(in);
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            case BYTES -> Primitives.BYTES.deserialize(in);
            case SHORT -> in.readShort();
            case BYTE -> in.readByte();
            case FLOAT -> in.readFloat();
            case CHAR -> in.readChar();
            case LIST -> new Serializers.ListSerializer<>(this).deserialize(in);
            case MAP -> new Serializers.MapSerializer<>(this, this).deserialize(in);
            case NAMED_CLASS -> readNamed(in);
            case BIG_DEC -> Primitives.BIG_DEC.deserialize(in);
            case BIG_INT -> Primitives.BIG_INT.deserialize(in);
            case INSTANT -> Primitives.INSTANT.deserialize(in);
            case LOCAL_DATE -> Primitives.LOCAL_DATE.deserialize(in);
            case LOCAL_TIME -> Primitives.LOCAL_TIME.deserialize(in);
            case LOCAL_DATE_TIME -> Primitives.LOCAL_DATE_TIME.deserialize(in);
            case PRIMITIVE_ARRAY -> readArray(in);
            case TUPLE -> readTuple(in);
            case TIME_WINDOW -> TimeWindow.Serializer.INSTANCE.deserialize(in);
            case GLOBAL_WINDOW -> GlobalWindow.get();
            default -> throw new IOException("corrupt value: unknown type tag " + tag);
        };
    }

    private Object readNamed(DataInput in) throws IOException {
        int length = VarInts.readLength(in);
        Named last = lastRead;
        byte[] bytes;
        int read = 0;
        if (last != null && last.name.length == length && last.loader == loader()) {
            // the class read last time (a stream mostly carries one): compare its name's bytes, make no String
            byte[] name = last.name;
            byte differing = 0;
            while (read < length && (differing = in.readByte()) == name[read]) {
                read++;
            }
            if (read == length) {
                return last.serializer.deserialize(in);
            }
            bytes = new byte[length];
            System.arraycopy(name, 0, bytes, 0, read);
            bytes[read++] = differing;
        } else {
            bytes = new byte[length];
        }
        in.readFully(bytes, read, length - read);
        Named named = resolve(new String(bytes, StandardCharsets.UTF_8));
        lastRead = named;
        return named.serializer.deserialize(in);
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : DynamicSerializer.class.getClassLoader();
    }

    /** The class named in a value being read: loaded without initialising it, and only if it is readable. */
    private Named resolve(String className) throws IOException {
        ClassLoader loader = loader();
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IOException("state holds a value of class " + className + ", which is not on the class path");
        }
        if (!readable(type)) {
            throw new IOException("state names class " + className + ", which is neither a record, an enum, a tuple, "
                    + "a registered type nor a POJO this job declares: refusing to read it (if it is your POJO, "
                    + "declare it: keyBy(selector, Types.POJO(" + type.getSimpleName() + ".class)), returns(..) on the "
                    + "stream, or a state descriptor of that type)");
        }
        return new Named(type, loader, className.getBytes(StandardCharsets.UTF_8),
                registry.forRuntimeClass(type, "a value of class " + className));
    }

    private Tuple readTuple(DataInput in) throws IOException {
        int arity = in.readUnsignedByte();
        if (arity > Tuple.MAX_ARITY) {
            throw new IOException("corrupt value: a tuple of " + arity + " fields");
        }
        Tuple tuple = arity == 0 ? new dev.weir.api.tuple.Tuple0() : Tuple.newInstance(arity);
        for (int i = 0; i < arity; i++) {
            if (in.readBoolean()) {
                tuple.setField(deserialize(in), i);
            }
        }
        return tuple;
    }

    private static boolean isTupleClass(Class<?> type) {
        return Tuple.class.isAssignableFrom(type) && type.getSuperclass() == Tuple.class;
    }

    private static Object readArray(DataInput in) throws IOException {
        int kind = in.readUnsignedByte();
        if (kind >= ARRAYS.size()) {
            throw new IOException("corrupt value: unknown primitive array kind " + kind);
        }
        return Primitives.forClass(ARRAYS.get(kind)).deserialize(in);
    }

    /** Whether a value of {@code type} may be created when read: see the class comment. */
    private boolean readable(Class<?> type) {
        return ALWAYS_READABLE.get(type) || registry.registeredFor(type) != null || registry.isDeclared(type);
    }
}
