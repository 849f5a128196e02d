package dev.weir.state.serialization;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.typeinfo.PojoField;
import dev.weir.api.typeinfo.PojoTypeInfo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A POJO, field by field. Format (version 1): a version byte, the number of fields, then per field
 * its name, a presence flag (false for null) and, if present, its value. The names make the format
 * self-describing, so fields are matched by name when read: a field the class gained since the value
 * was written keeps its default; a field the class lost is an error naming it (dropping fields is
 * left to a schema-evolution step that can skip their bytes). Values must be of exactly the POJO's
 * class: a subclass's extra fields would be lost, so it is refused.
 */
final class PojoSerializer<T> implements TypeSerializer<T> {
    static final int VERSION = 1;

    private final PojoTypeInfo<T> type;
    private final List<PojoField> fields;
    private final TypeSerializer<Object>[] serializers;
    private final Map<String, Integer> positions = new HashMap<>();

    @SuppressWarnings("unchecked")
    PojoSerializer(PojoTypeInfo<T> type, Serializers registry, String what) {
        this.type = type;
        this.fields = type.getFields();
        this.serializers = new TypeSerializer[fields.size()];
        for (int i = 0; i < serializers.length; i++) {
            PojoField field = fields.get(i);
            positions.put(field.getName(), i);
            serializers[i] = registry.serializerOf((dev.weir.api.typeinfo.TypeInformation<Object>)
                    field.getTypeInformation(), what + ", field '" + field.getName() + "' of POJO "
                    + type.getTypeClass().getSimpleName());
        }
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
            Serializers.writeString(fields.get(i).getName(), out);
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
            String name = Serializers.readString(in);
            Integer position = positions.get(name);
            if (position == null) {
                throw new IOException("the state holds field '" + name + "' of POJO " + type.getTypeClass().getName()
                        + ", which the class no longer has (its fields: " + String.join(", ", type.getFieldNames())
                        + "): add the field back to read this checkpoint");
            }
            values[position] = in.readBoolean() ? serializers[position].deserialize(in) : null;
        }
        try {
            return type.newInstance(values);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }
}
