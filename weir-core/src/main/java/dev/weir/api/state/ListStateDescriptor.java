package dev.weir.api.state;

/** Describes a {@link ListState}: its name and element type. */
public final class ListStateDescriptor<T> extends StateDescriptor {
    private final Class<T> elementType;

    public ListStateDescriptor(String name, Class<T> elementType) {
        super(name);
        this.elementType = requireType(elementType, "element", name);
    }

    public Class<T> getElementType() {
        return elementType;
    }

    @Override
    public java.util.List<Class<?>> getStoredTypes() {
        return java.util.List.of(elementType);
    }
}
