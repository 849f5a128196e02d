package dev.weir.runtime;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Makes the per-subtask copy of a user function: a new instance of the same class with every
 * instance field copied by reference (shallow), created without running a constructor. This is
 * not serialization: no bytes are written or read, and nothing outside the function is touched.
 *
 * <p>Lambdas and records are returned as they are: lambdas hold only captured values and records
 * are immutable. A class whose fields cannot be copied fails here, before the job starts.
 *
 * <p>A function of Weir's API that wraps the user's function (the window function of a window join or
 * coGroup, {@link #WRAPPERS}) gets a copy of the wrapped function too, so that each subtask has its own.
 */
public final class FunctionCopies {

    private FunctionCopies() {
    }

    /** The package of Weir's own wrappers of user functions, whose wrapped functions are copied too. */
    static final String WRAPPERS = "dev.weir.api.";

    public static <F> F perSubtaskCopy(F function) {
        Class<?> type = function.getClass();
        if (type.isHidden() || type.isSynthetic() || type.isRecord() || type.isEnum()) {
            return function;
        }
        try {
            @SuppressWarnings("unchecked")
            F copy = (F) newInstanceWithoutConstructor(type);
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers())) {
                        continue;
                    }
                    field.setAccessible(true);
                    Object value = field.get(function);
                    if (value instanceof dev.weir.api.functions.Function wrapped && wrapsUserFunction(type)) {
                        value = perSubtaskCopy(wrapped);
                    }
                    field.set(copy, value);
                }
            }
            return copy;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot make a per-subtask copy of function " + type.getName()
                    + " (" + e + "); use a class of your own, a lambda or a record", e);
        }
    }

    private static Object newInstanceWithoutConstructor(Class<?> type) throws ReflectiveOperationException {
        // The JDK's allocation hook for classes without a usable no-arg constructor; it runs only
        // Object's constructor, so field initialisers are skipped (the copy loop sets every field).
        Constructor<Object> objectConstructor = Object.class.getDeclaredConstructor();
        Constructor<?> allocator = sun.reflect.ReflectionFactory.getReflectionFactory()
                .newConstructorForSerialization(type, objectConstructor);
        return allocator.newInstance();
    }

    private static boolean wrapsUserFunction(Class<?> type) {
        return type.getEnclosingClass() != null && type.getName().startsWith(WRAPPERS)
                && type.getPackageName().equals(WRAPPERS.substring(0, WRAPPERS.length() - 1));
    }
}
