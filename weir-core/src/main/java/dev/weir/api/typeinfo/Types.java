package dev.weir.api.typeinfo;

import dev.weir.api.tuple.Tuple;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * The type informations Weir supports, by Flink's names: {@code Types.STRING}, {@code Types.LONG},
 * {@code Types.POJO(Event.class)}, {@code Types.TUPLE(Types.STRING, Types.LONG)},
 * {@code Types.LIST(Types.POJO(Event.class))}, ... Each has a serializer of Weir's own.
 *
 * <p>Not here (Flink has them): {@code VOID}, the {@code java.sql} types, {@code ROW}/{@code ROW_NAMED},
 * {@code OBJECT_ARRAY}, {@code VALUE}, {@code SET}, {@code EITHER}, {@code VARIANT} and {@code BITMAP};
 * {@link #GENERIC(Class)} refuses (Weir has no Kryo).
 */
public class Types {
    public static final TypeInformation<String> STRING = BasicTypeInfo.STRING_TYPE_INFO;
    public static final TypeInformation<Byte> BYTE = BasicTypeInfo.BYTE_TYPE_INFO;
    public static final TypeInformation<Boolean> BOOLEAN = BasicTypeInfo.BOOLEAN_TYPE_INFO;
    public static final TypeInformation<Short> SHORT = BasicTypeInfo.SHORT_TYPE_INFO;
    public static final TypeInformation<Integer> INT = BasicTypeInfo.INT_TYPE_INFO;
    public static final TypeInformation<Long> LONG = BasicTypeInfo.LONG_TYPE_INFO;
    public static final TypeInformation<Float> FLOAT = BasicTypeInfo.FLOAT_TYPE_INFO;
    public static final TypeInformation<Double> DOUBLE = BasicTypeInfo.DOUBLE_TYPE_INFO;
    public static final TypeInformation<Character> CHAR = BasicTypeInfo.CHAR_TYPE_INFO;
    public static final TypeInformation<BigDecimal> BIG_DEC = BasicTypeInfo.BIG_DEC_TYPE_INFO;
    public static final TypeInformation<BigInteger> BIG_INT = BasicTypeInfo.BIG_INT_TYPE_INFO;
    public static final TypeInformation<Instant> INSTANT = BasicTypeInfo.INSTANT_TYPE_INFO;
    public static final TypeInformation<LocalDate> LOCAL_DATE = LocalTimeTypeInfo.LOCAL_DATE;
    public static final TypeInformation<LocalTime> LOCAL_TIME = LocalTimeTypeInfo.LOCAL_TIME;
    public static final TypeInformation<LocalDateTime> LOCAL_DATE_TIME = LocalTimeTypeInfo.LOCAL_DATE_TIME;

    public Types() {
    }

    /**
     * The tuple with these field types ({@code Types.TUPLE(Types.STRING, Types.LONG)} is
     * {@code Tuple2<String, Long>}).
     */
    @SuppressWarnings("unchecked")
    public static <T extends Tuple> TypeInformation<T> TUPLE(TypeInformation<?>... types) {
        return (TypeInformation<T>) new TupleTypeInfo<>(types);
    }

    /** A tuple class: a subclass of a tuple that fixes its field types ({@code class WordCount extends Tuple2<String, Long>}). */
    public static <T extends Tuple> TypeInformation<T> TUPLE(Class<T> tupleSubclass) {
        TypeInformation<T> info = TypeExtractor.getForClass(tupleSubclass);
        if (!(info instanceof TupleTypeInfo<?>)) {
            throw new IllegalArgumentException(tupleSubclass.getName() + " is not a tuple type Weir can use"
                    + reason(info));
        }
        return info;
    }

    /**
     * A POJO (or a Java record) known field by field; fails if {@code pojoClass} is not one, saying
     * which rule it breaks. See {@link PojoTypeInfo} for the rules.
     */
    public static <T> TypeInformation<T> POJO(Class<T> pojoClass) {
        TypeInformation<T> info = TypeExtractor.getForClass(pojoClass);
        if (!(info instanceof PojoTypeInfo<?>)) {
            throw new IllegalArgumentException(pojoClass.getName() + " is not a POJO" + reason(info)
                    + ": make it a public class with a public no-argument constructor whose fields are public or "
                    + "have public getters and setters, or a record; or register a serializer for it with "
                    + "StreamExecutionEnvironment.registerSerializer and use TypeInformation.of(" + pojoClass.getSimpleName()
                    + ".class)");
        }
        return info;
    }

    /**
     * A POJO (or record) with the types of some fields given: for fields whose declared type does not
     * say enough ({@code Object}, a raw {@code List}). The other fields are found from the class.
     */
    public static <T> TypeInformation<T> POJO(Class<T> pojoClass, Map<String, TypeInformation<?>> fields) {
        return ((PojoTypeInfo<T>) POJO(pojoClass)).withFieldTypes(fields);
    }

    /**
     * Refuses: Flink serializes a generic type with Kryo; Weir never uses Kryo or Java
     * serialization. The message says what to do instead.
     */
    public static <T> TypeInformation<T> GENERIC(Class<T> genericClass) {
        throw new UnsupportedOperationException("Types.GENERIC(" + genericClass.getName() + ".class): Weir has no "
                + "generic (Kryo or Java) serialization. Make " + genericClass.getSimpleName() + " a POJO (public class, "
                + "public no-argument constructor, fields public or with getters and setters) or a record and use "
                + "Types.POJO(" + genericClass.getSimpleName() + ".class), or register a serializer with "
                + "StreamExecutionEnvironment.registerSerializer(" + genericClass.getSimpleName() + ".class, ...) and use "
                + "TypeInformation.of(" + genericClass.getSimpleName() + ".class)");
    }

    /**
     * An array of a primitive type: {@code Types.PRIMITIVE_ARRAY(Types.BYTE)} is {@code byte[]};
     * BOOLEAN, SHORT, INT, LONG, FLOAT, DOUBLE and CHAR likewise.
     */
    public static TypeInformation<?> PRIMITIVE_ARRAY(TypeInformation<?> elementType) {
        Class<?> element = elementType.getTypeClass();
        PrimitiveArrayTypeInfo<?> array = elementType instanceof BasicTypeInfo<?> && element != String.class
                ? PrimitiveArrayTypeInfo.getInfoFor(java.lang.reflect.Array.newInstance(
                        java.lang.invoke.MethodType.methodType(element).unwrap().returnType(), 0).getClass())
                : null;
        if (array == null) {
            throw new IllegalArgumentException("there is no primitive array of " + elementType + ": PRIMITIVE_ARRAY "
                    + "takes BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE or CHAR; use Types.LIST(" + elementType
                    + ") for a list of other values");
        }
        return array;
    }

    public static <K, V> TypeInformation<Map<K, V>> MAP(TypeInformation<K> keyType, TypeInformation<V> valueType) {
        return new MapTypeInfo<>(keyType, valueType);
    }

    public static <E> TypeInformation<List<E>> LIST(TypeInformation<E> elementType) {
        return new ListTypeInfo<>(elementType);
    }

    public static <E extends Enum<E>> TypeInformation<E> ENUM(Class<E> enumType) {
        return new EnumTypeInfo<>(enumType);
    }

    private static String reason(TypeInformation<?> info) {
        return info instanceof GenericTypeInfo<?> generic && generic.getReason() != null
                ? " (" + generic.getReason() + ")" : "";
    }
}
