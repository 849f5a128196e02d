package dev.weir.state.serialization;

import dev.weir.api.serialization.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;

/**
 * Serializers of the primitive types (and their boxes), String, primitive arrays, BigDecimal, BigInteger and
 * the java.time types Instant, LocalDate, LocalTime and LocalDateTime. Fixed formats: changing one
 * makes older checkpoints unreadable.
 */
final class Primitives {
    private Primitives() {
    }

    interface Writer<T> {
        void write(T value, DataOutput out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInput in) throws IOException;
    }

    static <T> TypeSerializer<T> of(Writer<T> writer, Reader<T> reader) {
        return new TypeSerializer<>() {
            @Override
            public void serialize(T value, DataOutput out) throws IOException {
                writer.write(value, out);
            }

            @Override
            public T deserialize(DataInput in) throws IOException {
                return reader.read(in);
            }
        };
    }

    static final TypeSerializer<Long> LONG = of((v, out) -> out.writeLong(v), DataInput::readLong);
    static final TypeSerializer<Integer> INT = of((v, out) -> out.writeInt(v), DataInput::readInt);
    static final TypeSerializer<Short> SHORT = of((v, out) -> out.writeShort(v), DataInput::readShort);
    static final TypeSerializer<Byte> BYTE = of((v, out) -> out.writeByte(v), DataInput::readByte);
    static final TypeSerializer<Double> DOUBLE = of((v, out) -> out.writeDouble(v), DataInput::readDouble);
    static final TypeSerializer<Float> FLOAT = of((v, out) -> out.writeFloat(v), DataInput::readFloat);
    static final TypeSerializer<Boolean> BOOLEAN = of((v, out) -> out.writeBoolean(v), DataInput::readBoolean);
    static final TypeSerializer<Character> CHAR = of((v, out) -> out.writeChar(v), DataInput::readChar);
    static final TypeSerializer<String> STRING = of(Serializers::writeString, Serializers::readString);
    static final TypeSerializer<byte[]> BYTES = of((v, out) -> {
        VarInts.write(v.length, out);
        out.write(v);
    }, in -> {
        byte[] bytes = new byte[VarInts.readLength(in)];
        in.readFully(bytes);
        return bytes;
    });

    /** A primitive array: its length, then its elements. */
    static final TypeSerializer<boolean[]> BOOLEANS = of((v, out) -> {
        VarInts.write(v.length, out);
        for (boolean e : v) {
            out.writeBoolean(e);
        }
    }, in -> {
        boolean[] a = new boolean[VarInts.readLength(in)];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readBoolean();
        }
        return a;
    });
    static final TypeSerializer<short[]> SHORTS = of((v, out) -> {
        VarInts.write(v.length, out);
        for (short e : v) {
            out.writeShort(e);
        }
    }, in -> {
        short[] a = new short[VarInts.readLength(in)];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readShort();
        }
        return a;
    });
    static final TypeSerializer<int[]> INTS = of((v, out) -> {
        VarInts.write(v.length, out);
        for (int e : v) {
            out.writeInt(e);
        }
    }, in -> {
        int[] a = new int[VarInts.readLength(in)];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readInt();
        }
        return a;
    });
    static final TypeSerializer<long[]> LONGS = of((v, out) -> {
        VarInts.write(v.length, out);
        for (long e : v) {
            out.writeLong(e);
        }
    }, in -> {
        long[] a = new long[VarInts.readLength(in)];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readLong();
        }
        return a;
    });
    static final TypeSerializer<float[]> FLOATS = of((v, out) -> {
        VarInts.write(v.length, out);
        for (float e : v) {
            out.writeFloat(e);
        }
    }, in -> {
        float[] a = new float[VarInts.readLength(in)];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readFloat();
        }
        return a;
    });
    static final TypeSerializer<double[]> DOUBLES = of((v, out) -> {
        VarInts.write(v.length, out);
        for (double e : v) {
            out.writeDouble(e);
        }
    }, in -> {
        double[] a = new double[VarInts.readLength(in)];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    });
    static final TypeSerializer<char[]> CHARS = of((v, out) -> {
        VarInts.write(v.length, out);
        for (char e : v) {
            out.writeChar(e);
        }
    }, in -> {
        char[] a = new char[VarInts.readLength(in)];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readChar();
        }
        return a;
    });

    static final TypeSerializer<BigInteger> BIG_INT = of((v, out) -> BYTES.serialize(v.toByteArray(), out),
            in -> new BigInteger(BYTES.deserialize(in)));
    /** Unscaled value, then scale. */
    static final TypeSerializer<BigDecimal> BIG_DEC = of((v, out) -> {
        BIG_INT.serialize(v.unscaledValue(), out);
        out.writeInt(v.scale());
    }, in -> new BigDecimal(BIG_INT.deserialize(in), in.readInt()));
    /** Seconds since the epoch, then nanoseconds of the second. */
    static final TypeSerializer<Instant> INSTANT = of((v, out) -> {
        out.writeLong(v.getEpochSecond());
        out.writeInt(v.getNano());
    }, in -> Instant.ofEpochSecond(in.readLong(), in.readInt()));
    static final TypeSerializer<LocalDate> LOCAL_DATE = of((v, out) -> out.writeLong(v.toEpochDay()),
            in -> LocalDate.ofEpochDay(in.readLong()));
    static final TypeSerializer<LocalTime> LOCAL_TIME = of((v, out) -> out.writeLong(v.toNanoOfDay()),
            in -> LocalTime.ofNanoOfDay(in.readLong()));
    /** The date as epoch day, then the time as nanosecond of the day. */
    static final TypeSerializer<LocalDateTime> LOCAL_DATE_TIME = of((v, out) -> {
        out.writeLong(v.toLocalDate().toEpochDay());
        out.writeLong(v.toLocalTime().toNanoOfDay());
    }, in -> LocalDateTime.of(LocalDate.ofEpochDay(in.readLong()), LocalTime.ofNanoOfDay(in.readLong())));

    private static final Map<Class<?>, TypeSerializer<?>> BY_CLASS = Map.ofEntries(
            Map.entry(boolean[].class, BOOLEANS), Map.entry(short[].class, SHORTS), Map.entry(int[].class, INTS),
            Map.entry(long[].class, LONGS), Map.entry(float[].class, FLOATS), Map.entry(double[].class, DOUBLES),
            Map.entry(char[].class, CHARS),
            Map.entry(BigInteger.class, BIG_INT), Map.entry(BigDecimal.class, BIG_DEC),
            Map.entry(Instant.class, INSTANT), Map.entry(LocalDate.class, LOCAL_DATE),
            Map.entry(LocalTime.class, LOCAL_TIME), Map.entry(LocalDateTime.class, LOCAL_DATE_TIME),
            Map.entry(Long.class, LONG), Map.entry(long.class, LONG),
            Map.entry(Integer.class, INT), Map.entry(int.class, INT),
            Map.entry(Short.class, SHORT), Map.entry(short.class, SHORT),
            Map.entry(Byte.class, BYTE), Map.entry(byte.class, BYTE),
            Map.entry(Double.class, DOUBLE), Map.entry(double.class, DOUBLE),
            Map.entry(Float.class, FLOAT), Map.entry(float.class, FLOAT),
            Map.entry(Boolean.class, BOOLEAN), Map.entry(boolean.class, BOOLEAN),
            Map.entry(Character.class, CHAR), Map.entry(char.class, CHAR),
            Map.entry(String.class, STRING), Map.entry(byte[].class, BYTES));

    static TypeSerializer<?> forClass(Class<?> c) {
        return BY_CLASS.get(c);
    }

    /** The serializers by the name of the class they write (the boxed class for primitives): for state schemas. */
    private static final Map<String, TypeSerializer<?>> BY_NAME = byName();
    private static final Map<TypeSerializer<?>, String> NAMES = names();

    private static Map<String, TypeSerializer<?>> byName() {
        Map<String, TypeSerializer<?>> names = new java.util.HashMap<>();
        BY_CLASS.forEach((c, serializer) -> {
            if (!c.isPrimitive()) {
                names.put(c.getName(), serializer);
            }
        });
        return Map.copyOf(names);
    }

    private static Map<TypeSerializer<?>, String> names() {
        Map<TypeSerializer<?>, String> names = new java.util.IdentityHashMap<>();
        BY_NAME.forEach((name, serializer) -> names.put(serializer, name));
        return names;
    }

    /** The class name of what {@code serializer} writes if it is one of these, else null. */
    static String nameOf(TypeSerializer<?> serializer) {
        return NAMES.get(serializer);
    }

    /** The serializer of the class named {@code className} (as {@link #nameOf} names it), or null. */
    static TypeSerializer<?> forName(String className) {
        return BY_NAME.get(className);
    }
}
