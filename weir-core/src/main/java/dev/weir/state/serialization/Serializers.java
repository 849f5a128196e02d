package dev.weir.state.serialization;

import dev.weir.api.serialization.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the serializer of a type: user-registered ones first, then the built-ins (primitives,
 * String, byte[], enums, records, sealed interfaces of records, List, Map). {@code Object} — a type only known at run time, such
 * as a key or a reduce result — gets {@link DynamicSerializer}, which tags each value with its kind.
 * A type with no serializer is an error that says what to do; there is no Java-serialization
 * fallback. Thread-safe.
 */
public final class Serializers {
    private final Map<Class<?>, TypeSerializer<?>> registered;
    private final Map<Type, TypeSerializer<?>> cache = new ConcurrentHashMap<>();

    public Serializers(Map<Class<?>, TypeSerializer<?>> registered) {
        this.registered = Map.copyOf(registered);
    }

    public static Serializers builtInOnly() {
        return new Serializers(Map.of());
    }

    /** The serializer of {@code type}; {@code what} names its use for the error message. */
    @SuppressWarnings("unchecked")
    public <T> TypeSerializer<T> forType(Type type, String what) {
        TypeSerializer<?> cached = cache.get(type);
        if (cached != null) {
            return (TypeSerializer<T>) cached;
        }
        TypeSerializer<?> created = create(type, what);
        cache.put(type, created);
        return (TypeSerializer<T>) created;
    }

    /** A serializer of lists whose elements are of {@code elementType}. */
    public <E> TypeSerializer<List<E>> listOf(Class<E> elementType, String what) {
        return new ListSerializer<>(forType(elementType, what));
    }

    /** A serializer of maps with the given key and value types. */
    public <K, V> TypeSerializer<Map<K, V>> mapOf(Class<K> keyType, Class<V> valueType, String what) {
        return new MapSerializer<>(forType(keyType, what), forType(valueType, what));
    }

    public TypeSerializer<Object> dynamic() {
        return forType(Object.class, "a value");
    }

    /** The registered serializer of a class, or null. */
    TypeSerializer<?> registeredFor(Class<?> type) {
        return registered.get(type);
    }

    private TypeSerializer<?> create(Type type, String what) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] args = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw) && raw.isAssignableFrom(ArrayList.class)) {
                return new ListSerializer<>(forType(args[0], what));
            }
            if (Map.class.isAssignableFrom(raw) && raw.isAssignableFrom(HashMap.class)) {
                return new MapSerializer<>(forType(args[0], what), forType(args[1], what));
            }
            return create(raw, what);
        }
        if (!(type instanceof Class<?> c)) {
            return new DynamicSerializer(this); // a type variable or wildcard: known only at run time
        }
        TypeSerializer<?> user = registered.get(c);
        if (user != null) {
            return user;
        }
        TypeSerializer<?> builtIn = Primitives.forClass(c);
        if (builtIn != null) {
            return builtIn;
        }
        if (c == Object.class) {
            return new DynamicSerializer(this);
        }
        if (c.isEnum()) {
            return new EnumSerializer<>(c);
        }
        if (c.isRecord()) {
            return new RecordSerializer<>(c, this, what);
        }
        if (c.isSealed() && c.isInterface()) {
            // A sealed interface of records (e.g. the current and an older form of a checkpointed
            // type): each value is written with its class name, as for Object.
            for (Class<?> permitted : c.getPermittedSubclasses()) {
                forType(permitted, what + ", " + permitted.getSimpleName() + " of sealed " + c.getSimpleName());
            }
            return new DynamicSerializer(this);
        }
        if (c == List.class || c == ArrayList.class) {
            return new ListSerializer<>(new DynamicSerializer(this));
        }
        if (c == Map.class || c == HashMap.class) {
            return new MapSerializer<>(new DynamicSerializer(this), new DynamicSerializer(this));
        }
        throw new IllegalArgumentException("no serializer for type " + c.getName() + " (" + what + "): make it a "
                + "record or an enum, or register one with StreamExecutionEnvironment.registerSerializer(" + c.getSimpleName()
                + ".class, ...); Weir never falls back to Java serialization");
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

    /** A record: each component in declaration order, with a null flag for reference components. */
    static final class RecordSerializer<R> implements TypeSerializer<R> {
        private final Class<?> type;
        private final RecordComponent[] components;
        private final TypeSerializer<Object>[] serializers;
        private final Constructor<?> constructor;

        @SuppressWarnings("unchecked")
        RecordSerializer(Class<?> type, Serializers registry, String what) {
            this.type = type;
            this.components = type.getRecordComponents();
            this.serializers = new TypeSerializer[components.length];
            Class<?>[] parameterTypes = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                parameterTypes[i] = components[i].getType();
                serializers[i] = registry.forType(components[i].getGenericType(),
                        what + ", component '" + components[i].getName() + "' of record " + type.getSimpleName());
            }
            try {
                this.constructor = type.getDeclaredConstructor(parameterTypes);
                this.constructor.setAccessible(true);
                for (RecordComponent component : components) {
                    component.getAccessor().setAccessible(true);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("cannot access record " + type.getName() + " (" + what + "): " + e, e);
            }
        }

        @Override
        public void serialize(R value, DataOutput out) throws IOException {
            for (int i = 0; i < components.length; i++) {
                Object component;
                try {
                    component = components[i].getAccessor().invoke(value);
                } catch (ReflectiveOperationException e) {
                    throw new IOException("cannot read component " + components[i].getName() + " of " + type.getName(), e);
                }
                if (!components[i].getType().isPrimitive()) {
                    out.writeBoolean(component != null);
                    if (component == null) {
                        continue;
                    }
                }
                serializers[i].serialize(component, out);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public R deserialize(DataInput in) throws IOException {
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                if (!components[i].getType().isPrimitive() && !in.readBoolean()) {
                    continue;
                }
                args[i] = serializers[i].deserialize(in);
            }
            try {
                return (R) constructor.newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IOException("cannot create record " + type.getName() + ": " + e.getCause(), e);
            }
        }
    }

    static final class ListSerializer<E> implements TypeSerializer<List<E>> {
        private final TypeSerializer<E> elements;

        ListSerializer(TypeSerializer<E> elements) {
            this.elements = elements;
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
