package dev.weir.api.state;

/** Describes a {@link ValueState}: its name and value type. */
public final class ValueStateDescriptor<T> extends StateDescriptor {
    private final Class<T> type;

    public ValueStateDescriptor(String name, Class<T> type) {
        super(name);
        this.type = requireType(type, "value", name);
    }

    public Class<T> getType() {
        return type;
    }

    @Override
    public java.util.List<Class<?>> getStoredTypes() {
        return java.util.List.of(type);
    }
}
