package dev.weir.api.typeinfo;

/**
 * The type of the values of a stream or a state, as in Flink: where Flink needs it (state
 * descriptors, {@code returns(..)}, sources), Weir takes it too and chooses its own versioned
 * serializer from it; records passed between operators in one JVM are never serialized.
 *
 * <p>Get one from {@link Types} ({@code Types.LONG}, {@code Types.POJO(MyEvent.class)}), from a
 * class ({@link #of(Class)}) or, for generic types, from a {@link TypeHint}
 * ({@code TypeInformation.of(new TypeHint<Tuple2<String, Long>>() {})}).
 *
 * @param <T> the type described
 */
public abstract class TypeInformation<T> {

    /** The class of the values (for a generic type, its raw class). */
    public abstract Class<T> getTypeClass();

    /** The type of a (non-generic) class. */
    public static <T> TypeInformation<T> of(Class<T> typeClass) {
        return new ClassTypeInformation<>(typeClass);
    }

    /** The full generic type captured by {@code typeHint}. */
    public static <T> TypeInformation<T> of(TypeHint<T> typeHint) {
        return typeHint.getTypeInfo();
    }

    /** A type known only by its class. */
    static final class ClassTypeInformation<T> extends TypeInformation<T> {
        private final Class<T> typeClass;

        ClassTypeInformation(Class<T> typeClass) {
            this.typeClass = java.util.Objects.requireNonNull(typeClass, "typeClass");
        }

        @Override
        public Class<T> getTypeClass() {
            return typeClass;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClassTypeInformation<?> other && other.typeClass == typeClass;
        }

        @Override
        public int hashCode() {
            return typeClass.hashCode();
        }

        @Override
        public String toString() {
            return typeClass.getSimpleName();
        }
    }
}
