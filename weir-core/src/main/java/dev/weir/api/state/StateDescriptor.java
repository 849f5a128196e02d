package dev.weir.api.state;

import java.util.Objects;

/**
 * Names a piece of keyed state and the types it holds. The name identifies the state within its
 * operator (and, with the operator's uid, in checkpoints); the types choose its serializers.
 */
public abstract class StateDescriptor {
    private final String name;

    protected StateDescriptor(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a state descriptor needs a non-blank name");
        }
        this.name = name;
    }

    public final String getName() {
        return name;
    }

    /**
     * The types this state stores (value, element, map key and value, accumulator): each needs a
     * serializer, which the job checks before it starts.
     */
    public java.util.List<Class<?>> getStoredTypes() {
        return java.util.List.of();
    }

    static <T> Class<T> requireType(Class<T> type, String what, String name) {
        return Objects.requireNonNull(type, () -> "state '" + name + "' needs its " + what + " type");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + ")";
    }
}
