package dev.weir.api.state;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.List;
import java.util.Objects;

/**
 * Names a piece of keyed or operator state and the types it holds. The name identifies the state
 * within its operator (and, with the operator's uid, in checkpoints). Each stored type is given
 * as a class or a {@link TypeInformation}, from which Weir chooses its own versioned serializer, or
 * as a hand-written {@link TypeSerializer} (the escape hatch for a type Weir cannot serialize). A
 * type without a serializer fails the job when it is built (for a descriptor a function holds in a
 * field) or when the state is registered (for one created in {@code open}), naming the state, the
 * operator and the class.
 *
 * <p>Keyed state may expire: {@link #enableTimeToLive} (see {@link StateTtlConfig}).
 *
 * <p>Not in Weir (Flink has them): default values, queryable state, and {@code initializeSerializerUnlessSet}.
 */
public abstract class StateDescriptor {
    private final String name;
    private StateTtlConfig ttlConfig = StateTtlConfig.DISABLED;

    /** The kind of state a descriptor describes (Flink's {@code StateDescriptor.Type}). */
    public enum Type { UNKNOWN, VALUE, LIST, REDUCING, FOLDING, AGGREGATING, MAP }

    /**
     * Weir: one type a state stores (value, element, map key or value, accumulator): its
     * {@code role} in the state, its type, or the hand-written serializer given for it (then
     * {@code type} is null).
     */
    public record StoredType(String role, TypeInformation<?> type, TypeSerializer<?> serializer) {
        /** Equal when role and type are equal and hand-written serializers are of the same class. */
        @Override
        public boolean equals(Object o) {
            return o instanceof StoredType other && other.role.equals(role) && Objects.equals(other.type, type)
                    && Objects.equals(serializerClass(other.serializer), serializerClass(serializer));
        }

        @Override
        public int hashCode() {
            return Objects.hash(role, type, serializerClass(serializer));
        }

        private static Class<?> serializerClass(TypeSerializer<?> serializer) {
            return serializer == null ? null : serializer.getClass();
        }
    }

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
     * Lets the values of this keyed state expire as {@code ttlConfig} says; call it before the state is
     * registered ({@code getRuntimeContext().getState(..)}). Operator state does not expire.
     */
    public void enableTimeToLive(StateTtlConfig ttlConfig) {
        this.ttlConfig = Objects.requireNonNull(ttlConfig, () -> "state '" + name + "' needs a StateTtlConfig, not null");
    }

    /** The time-to-live of this state; {@link StateTtlConfig#DISABLED} unless {@link #enableTimeToLive} was called. */
    public StateTtlConfig getTtlConfig() {
        return ttlConfig;
    }

    /** The kind of state. */
    public abstract Type getType();

    /** Weir: the types this state stores; those without a given serializer need one of Weir's. */
    public abstract List<StoredType> getStoredTypes();

    static <T> TypeInformation<T> typeOf(Class<T> type, String what, String name) {
        return TypeInformation.of(Objects.requireNonNull(type, () -> "state '" + name + "' needs its " + what + " type"));
    }

    static <T> T require(T value, String what, String name) {
        return Objects.requireNonNull(value, () -> "state '" + name + "' needs its " + what);
    }

    static StoredType stored(String role, TypeInformation<?> type, TypeSerializer<?> serializer) {
        return new StoredType(role, serializer == null ? type : null, serializer);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(getClass().getSimpleName()).append('(').append(name);
        for (StoredType stored : getStoredTypes()) {
            text.append(", ").append(stored.role()).append(' ')
                    .append(stored.type() != null ? stored.type() : stored.serializer().getClass().getName());
        }
        return text.append(')').toString();
    }
}
