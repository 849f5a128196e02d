package dev.weir.api.state;

/** Describes a {@link MapState}: its name, map key type and map value type. */
public final class MapStateDescriptor<UK, UV> extends StateDescriptor {
    private final Class<UK> keyType;
    private final Class<UV> valueType;

    public MapStateDescriptor(String name, Class<UK> keyType, Class<UV> valueType) {
        super(name);
        this.keyType = requireType(keyType, "map key", name);
        this.valueType = requireType(valueType, "map value", name);
    }

    public Class<UK> getKeyType() {
        return keyType;
    }

    public Class<UV> getValueType() {
        return valueType;
    }

    @Override
    public java.util.List<Class<?>> getStoredTypes() {
        return java.util.List.of(keyType, valueType);
    }
}
