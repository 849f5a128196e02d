package dev.weir.api.typeinfo;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type, as in Flink: {@code new TypeHint<Tuple2<String, Long>>() {}} (note the
 * braces: an anonymous subclass keeps its type argument at run time). Its type information
 * resolves all type arguments ({@code Tuple2<String, Long>} has field types STRING and LONG,
 * {@code List<Event>} the element type of {@code Event}).
 *
 * @param <T> the type captured
 */
public abstract class TypeHint<T> {
    private final Type type;
    private final TypeInformation<T> typeInfo;

    @SuppressWarnings("unchecked")
    protected TypeHint() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)
                || !(parameterized.getActualTypeArguments()[0] instanceof Class<?>
                || parameterized.getActualTypeArguments()[0] instanceof ParameterizedType
                || parameterized.getActualTypeArguments()[0] instanceof java.lang.reflect.GenericArrayType)) {
            throw new IllegalArgumentException("a TypeHint must be created as an anonymous subclass with a concrete "
                    + "type argument: new TypeHint<MyType>() {} (not a type variable)");
        }
        this.type = parameterized.getActualTypeArguments()[0];
        this.typeInfo = (TypeInformation<T>) TypeExtractor.createTypeInfo(type);
    }

    /** The captured type, as Java reflection sees it. */
    public Type getType() {
        return type;
    }

    /** The type information of the captured type. */
    public TypeInformation<T> getTypeInfo() {
        return typeInfo;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeHint<?> other && other.typeInfo.equals(typeInfo);
    }

    @Override
    public int hashCode() {
        return typeInfo.hashCode();
    }

    @Override
    public String toString() {
        return "TypeHint<" + typeInfo + ">";
    }
}
