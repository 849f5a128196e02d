package dev.weir.state.serialization;

import dev.weir.api.serialization.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * For values whose type is known only at run time (keys, {@code Object}-typed state): a tag byte
 * names the kind, then the value. Records, enums and registered types are written with their class
 * name; when reading, the class is loaded without initialising it and must still be a record, an
 * enum or a registered type, so a hostile file cannot make Weir construct arbitrary classes.
 */
final class DynamicSerializer implements TypeSerializer<Object> {
    private static final byte LONG = 1, INT = 2, STRING = 3, DOUBLE = 4, BOOLEAN = 5, BYTES = 6, LIST = 7, MAP = 8,
            SHORT = 9, BYTE = 10, FLOAT = 11, CHAR = 12, NAMED_CLASS = 13;

    private final Serializers registry;

    DynamicSerializer(Serializers registry) {
        this.registry = registry;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void serialize(Object value, DataOutput out) throws IOException {
        if (value instanceof Long v) {
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
        } else if (registry.registeredFor(value.getClass()) == null && value instanceof List<?> list) {
            out.writeByte(LIST);
            new Serializers.ListSerializer<>(this).serialize((List<Object>) list, out);
        } else if (registry.registeredFor(value.getClass()) == null && value instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            new Serializers.MapSerializer<>(this, this).serialize((Map<Object, Object>) map, out);
        } else {
            Class<?> type = value.getClass();
            if (type == Object.class) {
                throw new IllegalArgumentException("no serializer for a plain java.lang.Object value: use a record, "
                        + "an enum, a supported type, or register a serializer");
            }
            TypeSerializer<Object> serializer = registry.forType(type, "a value of run-time type " + type.getName());
            out.writeByte(NAMED_CLASS);
            Serializers.writeString(type.getName(), out);
            serializer.serialize(value, out);
        }
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
            default -> throw new IOException("corrupt value: unknown type tag " + tag);
        };
    }

    private Object readNamed(DataInput in) throws IOException {
        String className = Serializers.readString(in);
        Class<?> type;
        try {
            type = Class.forName(className, false, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : DynamicSerializer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("state holds a value of class " + className + ", which is not on the class path");
        }
        if (!type.isRecord() && !type.isEnum() && registry.registeredFor(type) == null) {
            throw new IOException("state names class " + className
                    + ", which is neither a record, an enum nor a registered type: refusing to read it");
        }
        return registry.forType(type, "a value of class " + className).deserialize(in);
    }
}
