package dev.weir.graph;

import dev.weir.api.dag.Transformation;
import dev.weir.api.connector.TwoPhaseCommitSink;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.typeinfo.TypeExtractor;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.state.serialization.Serializers;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Declares to the serializers the stream and key types the job names (see
 * {@link Serializers#declare}) and finds, before a job starts, the state types that have no serializer, so that the mistake is
 * reported when the job is built rather than when an operator opens or takes its first snapshot:
 * the types of state descriptors a user function holds in its fields, and the transaction type of
 * a two-phase-commit sink. Descriptors created only inside {@code open} are checked when the state
 * is registered, before the operator sees its first record.
 */
public final class SerializerCheck {

    private SerializerCheck() {
    }

    /** Throws an {@link IllegalArgumentException} naming the operator, the state and the type. */
    public static void check(List<Transformation> transformations, Serializers serializers) {
        for (Transformation t : transformations) {
            // The POJO classes a stream or key type names are the job's own: they may be read back
            // from Object-typed state (rolling aggregates, keys).
            if (t.outputType() != null) {
                serializers.declare(t.outputType());
            }
            if (t.keyType() != null) {
                serializers.declare(t.keyType());
            }
            Object function = t.userFunction();
            if (function == null) {
                continue;
            }
            for (Class<?> c = function.getClass(); c != null && !c.getName().startsWith("java."); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (StateDescriptor.class.isAssignableFrom(field.getType())
                            && !Modifier.isStatic(field.getModifiers())) {
                        checkDescriptor(t, read(field, function), serializers);
                    }
                }
            }
            Type transactionType = transactionType(function.getClass());
            if (transactionType != null) {
                require(t, transactionType, "the transactions of sink " + function.getClass().getSimpleName(),
                        serializers);
            }
        }
    }

    private static Object read(Field field, Object function) {
        try {
            field.setAccessible(true);
            return field.get(function);
        } catch (RuntimeException | IllegalAccessException e) {
            return null; // not readable here (a module's private field): checked when the state is registered
        }
    }

    private static void checkDescriptor(Transformation t, Object value, Serializers serializers) {
        if (value instanceof StateDescriptor descriptor) {
            for (StateDescriptor.StoredType stored : descriptor.getStoredTypes()) {
                if (stored.serializer() == null) {
                    require(t, stored.type(), "state '" + descriptor.getName() + "' (its " + stored.role() + "s)",
                            serializers);
                }
            }
        }
    }

    private static void require(Transformation t, Type type, String what, Serializers serializers) {
        require(t, TypeExtractor.createTypeInfo(type), what, serializers);
    }

    private static void require(Transformation t, TypeInformation<?> type, String what, Serializers serializers) {
        try {
            serializers.forTypeInfo(type, what);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("operator " + t + ": no serializer for " + what + " (type "
                    + type.getTypeClass().getName() + "): " + e.getMessage(), e);
        }
    }

    /** The TXN of {@code TwoPhaseCommitSink<T, TXN>} as the sink's class declares it, or null. */
    private static Type transactionType(Class<?> sinkClass) {
        if (!TwoPhaseCommitSink.class.isAssignableFrom(sinkClass)) {
            return null;
        }
        for (Class<?> c = sinkClass; c != null; c = c.getSuperclass()) {
            if (c.getGenericSuperclass() instanceof ParameterizedType p && p.getRawType() == TwoPhaseCommitSink.class) {
                Type txn = p.getActualTypeArguments()[1];
                return txn instanceof Class<?> || txn instanceof ParameterizedType ? txn : null;
            }
        }
        return null;
    }
}
