package dev.weir.state.serialization;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.typeinfo.PojoField;
import dev.weir.api.typeinfo.PojoTypeInfo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A POJO, field by field. Format (version 1): a version byte, the number of fields, then per field
 * its name, a presence flag (false for null) and, if present, its value. The names make the format
 * self-describing, so fields are matched by name when read: a field the class gained since the value
 * was written keeps its default; a field the class lost is an error naming it here: a restore reads values
 * of an older class through {@link SchemaMigration}, which knows the types of the old fields from the
 * snapshot's {@link TypeSchema} and skips them. Values must be of exactly the POJO's
 * class: a subclass's extra fields would be lost, so it is refused.
 */
final class PojoSerializer<T> implements TypeSerializer<T> {
    static final int VERSION = 1;

    private final PojoTypeInfo<T> type;
    private final List<PojoField> fields;
    private final TypeSerializer<Object>[] serializers;
    private final Map<String, Integer> positions = new HashMap<>();
    /** Each field's name as written (UTF-8), so that writing and reading a value in the usual field order makes no strings. */
    private final byte[][] names;

    @SuppressWarnings("unchecked")
    PojoSerializer(PojoTypeInfo<T> type, Serializers registry, String what) {
        this.type = type;
        this.fields = type.getFields();
        this.serializers = new TypeSerializer[fields.size()];
        this.names = new byte[fields.size()][];
        for (int i = 0; i < serializers.length; i++) {
            PojoField field = fields.get(i);
            positions.put(field.getName(), i);
            names[i] = field.getName().getBytes(StandardCharsets.UTF_8);
            serializers[i] = registry.serializerOf((dev.weir.api.typeinfo.TypeInformation<Object>)
                    field.getTypeInformation(), what + ", field '" + field.getName() + "' of POJO "
                    + type.getTypeClass().getSimpleName());
        }
    }

    PojoTypeInfo<T> type() {
        return type;
    }

    TypeSerializer<Object>[] fieldSerializers() {
        return serializers.clone();
    }

    @Override
    public void serialize(T value, DataOutput out) throws IOException {
        if (value.getClass() != type.getTypeClass()) {
            throw new IOException("a value of class " + value.getClass().getName() + " where the type is the POJO "
                    + type.getTypeClass().getName() + ": Weir does not write subclasses of a POJO type (their own "
                    + "fields would be lost); declare the state or stream with " + value.getClass().getSimpleName());
        }
        out.writeByte(VERSION);
        VarInts.write(serializers.length, out);
        for (int i = 0; i < serializers.length; i++) {
            VarInts.write(names[i].length, out);
            out.write(names[i]);
            Object field = fields.get(i).get(value);
            out.writeBoolean(field != null);
            if (field != null) {
                serializers[i].serialize(field, out);
            }
        }
    }

    @Override
    public T deserialize(DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("POJO " + type.getTypeClass().getName() + " was written in format version " + version
                    + ", this Weir reads version " + VERSION);
        }
        int count = VarInts.readLength(in);
        Object[] values = new Object[serializers.length];
        for (int i = 0; i < count; i++) {
            int position = readFieldPosition(in, i);
            values[position] = in.readBoolean() ? serializers[position].deserialize(in) : null;
        }
        try {
            return type.newInstance(values);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }

    /** Reads a field's name and returns its position; compares with the field expected at {@code expected} first. */
    private int readFieldPosition(DataInput in, int expected) throws IOException {
        int length = VarInts.readLength(in);
        byte[] bytes;
        int read = 0;
        if (expected < names.length && names[expected].length == length) {
            byte[] name = names[expected];
            byte differing = 0;
            while (read < length && (differing = in.readByte()) == name[read]) {
                read++;
            }
            if (read == length) {
                return expected;
            }
            bytes = new byte[length]; // another field than expected: read its whole name
            System.arraycopy(name, 0, bytes, 0, read);
            bytes[read++] = differing;
        } else {
            bytes = new byte[length];
        }
        in.readFully(bytes, read, length - read);
        String name = new String(bytes, StandardCharsets.UTF_8);
        Integer position = positions.get(name);
        if (position == null) {
            throw new IOException("the state holds field '" + name + "' of POJO " + type.getTypeClass().getName()
                    + ", which the class no longer has (its fields: " + String.join(", ", type.getFieldNames())
                    + "): add the field back to read this checkpoint");
        }
        return position;
    }
}
