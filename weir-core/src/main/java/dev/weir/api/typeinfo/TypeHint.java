package dev.weir.api.typeinfo;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type, as in Flink: {@code new TypeHint<Tuple2<String, Long>>() {}} (note the
 * braces: an anonymous subclass keeps its type argument at run time).
 *
 * @param <T> the type captured
 */
public abstract class TypeHint<T> {
    private final Type type;

    protected TypeHint() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)) {
            throw new IllegalArgumentException("a TypeHint must be created as an anonymous subclass with its type "
                    + "argument: new TypeHint<MyType>() {}");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    /** The captured type, as Java reflection sees it. */
    public Type getType() {
        return type;
    }

    /** The type information of the captured type. */
    @SuppressWarnings("unchecked")
    public TypeInformation<T> getTypeInfo() {
        Type raw = type instanceof ParameterizedType p ? p.getRawType() : type;
        if (!(raw instanceof Class<?> rawClass)) {
            throw new IllegalArgumentException("type hint " + type + " has no concrete class");
        }
        return TypeInformation.of((Class<T>) rawClass);
    }
}
