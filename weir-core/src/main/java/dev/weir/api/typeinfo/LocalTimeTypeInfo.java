package dev.weir.api.typeinfo;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** The java.time local types: LocalDate, LocalTime, LocalDateTime. */
public final class LocalTimeTypeInfo<T> extends TypeInformation<T> {
    public static final LocalTimeTypeInfo<LocalDate> LOCAL_DATE = new LocalTimeTypeInfo<>(LocalDate.class);
    public static final LocalTimeTypeInfo<LocalTime> LOCAL_TIME = new LocalTimeTypeInfo<>(LocalTime.class);
    public static final LocalTimeTypeInfo<LocalDateTime> LOCAL_DATE_TIME = new LocalTimeTypeInfo<>(LocalDateTime.class);

    private final Class<T> typeClass;

    private LocalTimeTypeInfo(Class<T> typeClass) {
        this.typeClass = typeClass;
    }

    /** The type of {@code type}, or null if it is not one of the local java.time types. */
    @SuppressWarnings("unchecked")
    public static <X> LocalTimeTypeInfo<X> getInfoFor(Class<X> type) {
        return (LocalTimeTypeInfo<X>) (type == LocalDate.class ? LOCAL_DATE : type == LocalTime.class ? LOCAL_TIME
                : type == LocalDateTime.class ? LOCAL_DATE_TIME : null);
    }

    @Override
    public Class<T> getTypeClass() {
        return typeClass;
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
        return typeClass.getSimpleName();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalTimeTypeInfo<?> other && other.typeClass == typeClass;
    }

    @Override
    public int hashCode() {
        return typeClass.hashCode();
    }
}
