package dev.weir.api.typeinfo;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * One field of a {@link PojoTypeInfo}: its name, its type and how Weir reads and writes it (the
 * public field itself, or its getter and setter; a record component through its accessor).
 */
public final class PojoField {
    private final Field field;
    private final TypeInformation<?> type;
    private final Method getter;
    private final Method setter;

    PojoField(Field field, TypeInformation<?> type, Method getter, Method setter) {
        this.field = field;
        this.type = type;
        this.getter = getter;
        this.setter = setter;
        // Public members of a public class nested in a package-private one still need this.
        field.trySetAccessible();
        if (getter != null) {
            getter.trySetAccessible();
        }
        if (setter != null) {
            setter.trySetAccessible();
        }
    }

    /** The same field with another type (for {@link Types#POJO(Class, java.util.Map)}). */
    PojoField withType(TypeInformation<?> newType) {
        return new PojoField(field, newType, getter, setter);
    }

    /** The Java field. */
    public Field getField() {
        return field;
    }

    /** The field's name. */
    public String getName() {
        return field.getName();
    }

    public TypeInformation<?> getTypeInformation() {
        return type;
    }

    /** Weir: the field's value in {@code pojo}, through its getter if it is not public. */
    public Object get(Object pojo) {
        try {
            return getter != null ? getter.invoke(pojo) : field.get(pojo);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the getter of field '" + getName() + "' of "
                    + field.getDeclaringClass().getName() + " threw " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read field '" + getName() + "' of "
                    + field.getDeclaringClass().getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Weir: sets the field of {@code pojo} to {@code value}, through its setter if it is not public
     * (not for records, whose components are final).
     */
    public void set(Object pojo, Object value) {
        if (setter == null && java.lang.reflect.Modifier.isFinal(field.getModifiers())) {
            throw new UnsupportedOperationException("field '" + getName() + "' of " + field.getDeclaringClass().getName()
                    + " is final (a record component): create a new value instead");
        }
        try {
            if (setter != null) {
                setter.invoke(pojo, value);
            } else {
                field.set(pojo, value);
            }
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the setter of field '" + getName() + "' of "
                    + field.getDeclaringClass().getName() + " threw " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set field '" + getName() + "' of "
                    + field.getDeclaringClass().getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return getName() + ": " + type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PojoField other && other.field.equals(field) && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, type);
    }
}
