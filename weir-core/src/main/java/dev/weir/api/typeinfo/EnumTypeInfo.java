package dev.weir.api.typeinfo;

import java.util.Objects;

/** An enum type; values are written by constant name. */
public final class EnumTypeInfo<T extends Enum<T>> extends TypeInformation<T> {
    private final Class<T> enumClass;

    public EnumTypeInfo(Class<T> enumClass) {
        this.enumClass = Objects.requireNonNull(enumClass, "enumClass");
        if (!enumClass.isEnum()) {
            throw new IllegalArgumentException(enumClass.getName() + " is not an enum");
        }
    }

    @Override
    public Class<T> getTypeClass() {
        return enumClass;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public boolean isKeyType() {
        return true;
    }

    @Override
    public String toString() {
        return "Enum<" + enumClass.getName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnumTypeInfo<?> other && other.enumClass == enumClass;
    }

    @Override
    public int hashCode() {
        return enumClass.hashCode();
    }
}
