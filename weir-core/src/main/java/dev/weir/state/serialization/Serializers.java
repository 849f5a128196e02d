package dev.weir.state.serialization;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.typeinfo.BasicTypeInfo;
import dev.weir.api.typeinfo.EnumTypeInfo;
import dev.weir.api.typeinfo.GenericTypeInfo;
import dev.weir.api.typeinfo.ListTypeInfo;
import dev.weir.api.typeinfo.LocalTimeTypeInfo;
import dev.weir.api.typeinfo.MapTypeInfo;
import dev.weir.api.typeinfo.PojoField;
import dev.weir.api.typeinfo.PojoTypeInfo;
import dev.weir.api.typeinfo.PrimitiveArrayTypeInfo;
import dev.weir.api.typeinfo.TupleTypeInfo;
import dev.weir.api.typeinfo.TypeExtractor;
import dev.weir.api.typeinfo.TypeInformation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the serializer of a type: user-registered ones first, then Weir's own, chosen from the
 * type's {@link TypeInformation}: primitives and their boxes, String, byte[], BigDecimal,
 * BigInteger, Instant, LocalDate, LocalTime, LocalDateTime, enums, records, POJOs, tuples, sealed
 * interfaces of records, List and Map of those. {@code Object} — a type only known at run time, such
 * as a key or a reduce result — gets {@link DynamicSerializer}, which tags each value with its kind.
 * A type with no serializer is an error that says what to do; there is no Kryo or Java-serialization
 * fallback. Thread-safe.
 *
 * <p>POJO classes (and subclasses of tuples) are read back from a value of run-time type only if
 * the job declared them ({@link #declare}: a state descriptor, a key type, a stream type), so a
 * hostile checkpoint cannot make Weir construct arbitrary classes with setters.
 */
public final class Serializers {
    private final Map<Class<?>, TypeSerializer<?>> registered;
    private final Map<Type, TypeSerializer<?>> byType = new ConcurrentHashMap<>();
    private final Map<TypeInformation<?>, TypeSerializer<?>> byInfo = new ConcurrentHashMap<>();
    private final Set<Class<?>> declared = ConcurrentHashMap.newKeySet();

    public Serializers(Map<Class<?>, TypeSerializer<?>> registered) {
        this.registered = Map.copyOf(registered);
    }

    public static Serializers builtInOnly() {
        return new Serializers(Map.of());
    }

    /** The serializer of {@code type}; {@code what} names its use for the error message. */
    @SuppressWarnings("unchecked")
    public <T> TypeSerializer<T> forType(Type type, String what) {
        TypeSerializer<?> cached = byType.get(type);
        if (cached != null) {
            return (TypeSerializer<T>) cached;
        }
        TypeSerializer<?> created = forTypeInfo(TypeExtractor.createTypeInfo(type), what);
        byType.put(type, created);
        return (TypeSerializer<T>) created;
    }

    /** The serializer of the type {@code info} describes; declares its classes (see {@link #declare}). */
    public <T> TypeSerializer<T> forTypeInfo(TypeInformation<T> info, String what) {
        declare(info);
        return serializerOf(info, what);
    }

    /**
     * Marks the POJO, record and tuple-subclass classes in {@code info} as the job's own, so that
     * values of them written with their run-time class (keys, {@code Object}-typed state) can be read
     * back. Does not need a serializer to exist.
     */
    public void declare(TypeInformation<?> info) {
        if (info instanceof PojoTypeInfo<?> pojo) {
            if (declared.add(pojo.getTypeClass())) {
                pojo.getFields().forEach(field -> declare(field.getTypeInformation()));
            }
        } else if (info instanceof TupleTypeInfo<?> tuple) {
            declared.add(tuple.getTypeClass());
            for (int i = 0; i < tuple.getArity(); i++) {
                declare(tuple.getTypeAt(i));
            }
        } else if (info instanceof ListTypeInfo<?> list) {
            declare(list.getElementTypeInfo());
        } else if (info instanceof MapTypeInfo<?, ?> map) {
            declare(map.getKeyTypeInfo());
            declare(map.getValueTypeInfo());
        }
    }

    /** Whether {@code type} was {@link #declare declared} by the job. */
    boolean isDeclared(Class<?> type) {
        return declared.contains(type);
    }

    /** The serializer for a value's run-time class, without declaring it (DynamicSerializer's writes). */
    @SuppressWarnings("unchecked")
    <T> TypeSerializer<T> forRuntimeClass(Class<?> type, String what) {
        TypeSerializer<?> cached = byType.get(type);
        if (cached != null) {
            return (TypeSerializer<T>) cached;
        }
        TypeSerializer<?> created = serializerOf(TypeExtractor.createTypeInfo(type), what);
        byType.put(type, created);
        return (TypeSerializer<T>) created;
    }

    /**
     * The serializer of one type a state stores: the hand-written one its descriptor was given, or
     * Weir's own for its type.
     */
    @SuppressWarnings("unchecked")
    public <T> TypeSerializer<T> forState(StateDescriptor.StoredType stored, String what) {
        return stored.serializer() != null ? (TypeSerializer<T>) stored.serializer()
                : (TypeSerializer<T>) forTypeInfo(stored.type(), what + " (its " + stored.role() + "s)");
    }

    /**
     * The serializer of the whole value a keyed state of {@code kind} keeps per key: a map (user key → value) for
     * map state, a list for list state, else the value itself; a value with time-to-live is the descriptor's own
     * (its stored types carry the TTL serializer). Its {@link TypeSchema} is what a snapshot records for the state.
     */
    @SuppressWarnings("unchecked")
    public TypeSerializer<Object> forStateValues(StateDescriptor descriptor, dev.weir.state.KeyedStateKind kind,
                                                 String what) {
        List<StateDescriptor.StoredType> stored = descriptor.getStoredTypes();
        return switch (kind.withoutTtl()) {
            case MAP -> (TypeSerializer<Object>) (TypeSerializer<?>) mapOf(forState(stored.get(0), what),
                    forState(stored.get(1), what));
            case LIST -> (TypeSerializer<Object>) (TypeSerializer<?>) listOf(forState(stored.get(0), what));
            default -> forState(stored.get(0), what);
        };
    }

    /** A serializer of lists whose elements {@code elements} writes. */
    public static <E> TypeSerializer<List<E>> listOf(TypeSerializer<E> elements) {
        return new ListSerializer<>(elements);
    }

    /** A serializer of maps whose keys and values the given serializers write. */
    public static <K, V> TypeSerializer<Map<K, V>> mapOf(TypeSerializer<K> keys, TypeSerializer<V> values) {
        return new MapSerializer<>(keys, values);
    }

    public TypeSerializer<Object> dynamic() {
        return forType(Object.class, "a value");
    }

    /** The registered serializer of a class, or null. */
    TypeSerializer<?> registeredFor(Class<?> type) {
        return registered.get(type);
    }

    @SuppressWarnings("unchecked")
    <T> TypeSerializer<T> serializerOf(TypeInformation<T> info, String what) {
        TypeSerializer<?> cached = byInfo.get(info);
        if (cached != null) {
            return (TypeSerializer<T>) cached;
        }
        TypeSerializer<?> created = create(info, what);
        byInfo.put(info, created);
        return (TypeSerializer<T>) created;
    }

    private TypeSerializer<?> create(TypeInformation<?> info, String what) {
        Class<?> c = info.getTypeClass();
        TypeSerializer<?> user = registered.get(c);
        if (user != null) {
            return user;
        }
        if (info instanceof BasicTypeInfo<?> || info instanceof LocalTimeTypeInfo<?>
                || info instanceof PrimitiveArrayTypeInfo<?>) {
            return Primitives.forClass(c);
        }
        if (info instanceof EnumTypeInfo<?>) {
            return new EnumSerializer<>(c);
        }
        if (info instanceof PojoTypeInfo<?> pojo) {
            return pojo.isRecord() ? new RecordSerializer<>(pojo, this, what) : new PojoSerializer<>(pojo, this, what);
        }
        if (info instanceof TupleTypeInfo<?> tuple) {
            return new TupleSerializer<>(tuple, this, what);
        }
        if (info instanceof ListTypeInfo<?> list) {
            return new ListSerializer<>(serializerOf(list.getElementTypeInfo(), what + ", its list elements"));
        }
        if (info instanceof MapTypeInfo<?, ?> map) {
            return new MapSerializer<>(serializerOf(map.getKeyTypeInfo(), what + ", its map keys"),
                    serializerOf(map.getValueTypeInfo(), what + ", its map values"));
        }
        if (c == Object.class) {
            return new DynamicSerializer(this);
        }
        if (c.isSealed() && c.isInterface()) {
            // A sealed interface of records (e.g. the current and an older form of a checkpointed
            // type): each value is written with its class name, as for Object.
            for (Class<?> permitted : c.getPermittedSubclasses()) {
                declare(TypeExtractor.createTypeInfo(permitted));
                forType(permitted, what + ", " + permitted.getSimpleName() + " of sealed " + c.getSimpleName());
            }
            return new DynamicSerializer(this);
        }
        String reason = info instanceof GenericTypeInfo<?> generic && generic.getReason() != null
                ? " (not a POJO: " + generic.getReason() + ")" : "";
        throw new IllegalArgumentException("no serializer for type " + c.getName() + reason + " (" + what + "): make it "
                + "a POJO (public class, public no-argument constructor, fields public or with public getters and "
                + "setters), a record or an enum, or register a serializer with "
                + "StreamExecutionEnvironment.registerSerializer(" + c.getSimpleName() + ".class, ...); Weir never "
                + "falls back to Kryo or Java serialization");
    }

    // ---- the built-in serializers ----

    /** A string as a varint length and UTF-8 bytes (no 64 KiB limit, unlike writeUTF). */
    public static void writeString(String s, DataOutput out) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        VarInts.write(bytes.length, out);
        out.write(bytes);
    }

    public static String readString(DataInput in) throws IOException {
        byte[] bytes = new byte[VarInts.readLength(in)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static final class EnumSerializer<E extends Enum<E>> implements TypeSerializer<E> {
        private final Class<E> type;

        @SuppressWarnings({"unchecked", "rawtypes"})
        EnumSerializer(Class<?> type) {
            this.type = (Class) type;
        }

        Class<E> type() {
            return type;
        }

        @Override
        public void serialize(E value, DataOutput out) throws IOException {
            writeString(value.name(), out);
        }

        @Override
        public E deserialize(DataInput in) throws IOException {
            String name = readString(in);
            try {
                return Enum.valueOf(type, name);
            } catch (IllegalArgumentException e) {
                throw new IOException("enum " + type.getName() + " has no constant '" + name + "'");
            }
        }
    }

    /**
     * A record: each component in declaration order, with a null flag for reference components
     * (no version byte: the format of records predates versioning and stays as it is).
     */
    static final class RecordSerializer<R> implements TypeSerializer<R> {
        private final PojoTypeInfo<R> type;
        private final List<PojoField> components;
        private final boolean[] primitive;
        private final TypeSerializer<Object>[] serializers;
        private final RecordAccess<R> access;

        @SuppressWarnings("unchecked")
        RecordSerializer(PojoTypeInfo<R> type, Serializers registry, String what) {
            this.type = type;
            this.access = new RecordAccess<>(type);
            this.components = type.getFields();
            this.primitive = new boolean[components.size()];
            this.serializers = new TypeSerializer[components.size()];
            for (int i = 0; i < serializers.length; i++) {
                PojoField component = components.get(i);
                primitive[i] = component.getField().getType().isPrimitive();
                serializers[i] = (TypeSerializer<Object>) registry.serializerOf(component.getTypeInformation(),
                        what + ", component '" + component.getName() + "' of record "
                                + type.getTypeClass().getSimpleName());
            }
        }

        PojoTypeInfo<R> type() {
            return type;
        }

        TypeSerializer<Object>[] fieldSerializers() {
            return serializers.clone();
        }

        @Override
        public void serialize(R value, DataOutput out) throws IOException {
            for (int i = 0; i < serializers.length; i++) {
                Object component = access.component(value, i);
                if (!primitive[i]) {
                    out.writeBoolean(component != null);
                    if (component == null) {
                        continue;
                    }
                }
                serializers[i].serialize(component, out);
            }
        }

        @Override
        public R deserialize(DataInput in) throws IOException {
            Object[] args = new Object[serializers.length];
            for (int i = 0; i < serializers.length; i++) {
                if (!primitive[i] && !in.readBoolean()) {
                    continue;
                }
                args[i] = serializers[i].deserialize(in);
            }
            return access.create(args);
        }
    }

    static final class ListSerializer<E> implements TypeSerializer<List<E>> {
        private final TypeSerializer<E> elements;

        ListSerializer(TypeSerializer<E> elements) {
            this.elements = elements;
        }

        TypeSerializer<E> elements() {
            return elements;
        }

        @Override
        public void serialize(List<E> value, DataOutput out) throws IOException {
            VarInts.write(value.size(), out);
            for (E element : value) {
                out.writeBoolean(element != null);
                if (element != null) {
                    elements.serialize(element, out);
                }
            }
        }

        @Override
        public List<E> deserialize(DataInput in) throws IOException {
            int size = VarInts.readLength(in);
            List<E> list = new ArrayList<>(Math.min(size, 1 << 16));
            for (int i = 0; i < size; i++) {
                list.add(in.readBoolean() ? elements.deserialize(in) : null);
            }
            return list;
        }
    }

    static final class MapSerializer<K, V> implements TypeSerializer<Map<K, V>> {
        private final TypeSerializer<K> keys;
        private final TypeSerializer<V> values;

        MapSerializer(TypeSerializer<K> keys, TypeSerializer<V> values) {
            this.keys = keys;
            this.values = values;
        }

        TypeSerializer<K> keys() {
            return keys;
        }

        TypeSerializer<V> values() {
            return values;
        }

        @Override
        public void serialize(Map<K, V> value, DataOutput out) throws IOException {
            VarInts.write(value.size(), out);
            for (Map.Entry<K, V> entry : value.entrySet()) {
                keys.serialize(entry.getKey(), out);
                out.writeBoolean(entry.getValue() != null);
                if (entry.getValue() != null) {
                    values.serialize(entry.getValue(), out);
                }
            }
        }

        @Override
        public Map<K, V> deserialize(DataInput in) throws IOException {
            int size = VarInts.readLength(in);
            Map<K, V> map = new LinkedHashMap<>(Math.min(size, 1 << 16) * 4 / 3 + 1);
            for (int i = 0; i < size; i++) {
                K key = keys.deserialize(in);
                map.put(key, in.readBoolean() ? values.deserialize(in) : null);
            }
            return map;
        }
    }
}
