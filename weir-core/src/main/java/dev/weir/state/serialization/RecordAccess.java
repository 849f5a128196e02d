package dev.weir.state.serialization;

import dev.weir.api.typeinfo.PojoField;
import dev.weir.api.typeinfo.PojoTypeInfo;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Reads the components of a record and creates records through method handles made once per record class (its
 * accessors and canonical constructor), instead of reflective calls per value. Falls back to the type's
 * reflective access ({@link PojoField#get}, {@link PojoTypeInfo#newInstance}) where a handle cannot be made.
 * Immutable and thread-safe.
 */
final class RecordAccess<R> {
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final MethodType CREATOR = MethodType.methodType(Object.class, Object[].class);

    private final PojoTypeInfo<R> type;
    private final List<PojoField> components;
    /** Per component in the type's order: (Object record)Object; null where reflection is used. */
    private final MethodHandle[] getters;
    /** (Object[] components)Object, or null where reflection is used. */
    private final MethodHandle creator;

    RecordAccess(PojoTypeInfo<R> type) {
        this.type = type;
        this.components = type.getFields();
        this.getters = new MethodHandle[components.size()];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        RecordComponent[] declared = type.getTypeClass().getRecordComponents();
        for (int i = 0; i < getters.length; i++) {
            for (RecordComponent component : declared) {
                if (component.getName().equals(components.get(i).getName())) {
                    getters[i] = getter(lookup, component.getAccessor());
                }
            }
        }
        this.creator = inDeclaredOrder(declared) ? creator(lookup, type.getTypeClass(), declared) : null;
    }

    private static MethodHandle getter(MethodHandles.Lookup lookup, Method accessor) {
        try {
            accessor.setAccessible(true);
            return lookup.unreflect(accessor).asType(GETTER);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static MethodHandle creator(MethodHandles.Lookup lookup, Class<?> type, RecordComponent[] declared) {
        try {
            Class<?>[] parameters = new Class<?>[declared.length];
            for (int i = 0; i < declared.length; i++) {
                parameters[i] = declared[i].getType();
            }
            Constructor<?> constructor = type.getDeclaredConstructor(parameters);
            constructor.setAccessible(true);
            return lookup.unreflectConstructor(constructor).asSpreader(Object[].class, parameters.length)
                    .asType(CREATOR);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@link #create} takes its arguments in the type's field order (the canonical constructor's). */
    private boolean inDeclaredOrder(RecordComponent[] declared) {
        if (declared.length != components.size()) {
            return false;
        }
        for (int i = 0; i < declared.length; i++) {
            if (!declared[i].getName().equals(components.get(i).getName())) {
                return false;
            }
        }
        return true;
    }

    /** The component at {@code index} (in the type's field order) of {@code record}. */
    Object component(Object record, int index) throws IOException {
        MethodHandle getter = getters[index];
        if (getter == null) {
            return components.get(index).get(record);
        }
        try {
            return (Object) getter.invokeExact(record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("the accessor of component '" + components.get(index).getName() + "' of "
                    + type.getTypeClass().getName() + " threw " + e, e);
        }
    }

    /** A new record of the component values in the type's field order. */
    @SuppressWarnings("unchecked")
    R create(Object[] values) throws IOException {
        if (creator == null) {
            try {
                return type.newInstance(values);
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e.getCause());
            }
        }
        try {
            return (R) (Object) creator.invokeExact(values);
        } catch (IOException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot create " + type.getTypeClass().getName() + ": " + e, e);
        }
    }
}
