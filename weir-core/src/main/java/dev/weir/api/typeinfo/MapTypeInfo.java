package dev.weir.api.typeinfo;

import java.util.Map;
import java.util.Objects;

/** A {@code java.util.Map}; read back as a {@code LinkedHashMap} (iteration order kept). Keys must not be null. */
public final class MapTypeInfo<K, V> extends TypeInformation<Map<K, V>> {
    private final TypeInformation<K> keyTypeInfo;
    private final TypeInformation<V> valueTypeInfo;

    public MapTypeInfo(TypeInformation<K> keyTypeInfo, TypeInformation<V> valueTypeInfo) {
        this.keyTypeInfo = Objects.requireNonNull(keyTypeInfo, "keyTypeInfo");
        this.valueTypeInfo = Objects.requireNonNull(valueTypeInfo, "valueTypeInfo");
    }

    public MapTypeInfo(Class<K> keyClass, Class<V> valueClass) {
        this(TypeInformation.of(keyClass), TypeInformation.of(valueClass));
    }

    public TypeInformation<K> getKeyTypeInfo() {
        return keyTypeInfo;
    }

    public TypeInformation<V> getValueTypeInfo() {
        return valueTypeInfo;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<Map<K, V>> getTypeClass() {
        return (Class) Map.class;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 0;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public Map<String, TypeInformation<?>> getGenericParameters() {
        return Map.of("K", keyTypeInfo, "V", valueTypeInfo);
    }

    @Override
    public String toString() {
        return "Map<" + keyTypeInfo + ", " + valueTypeInfo + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapTypeInfo<?, ?> other && other.keyTypeInfo.equals(keyTypeInfo)
                && other.valueTypeInfo.equals(valueTypeInfo);
    }

    @Override
    public int hashCode() {
        return 31 * keyTypeInfo.hashCode() + valueTypeInfo.hashCode();
    }
}
