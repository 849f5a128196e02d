package dev.weir.api.typeinfo;

import dev.weir.api.tuple.Tuple;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the {@link TypeInformation} of a Java type by reflection: the kind of the class, the
 * fields of a POJO, record or tuple, the element types of lists and maps, with type arguments
 * resolved through the generic signatures ({@code Tuple2<String, Long>}, a class
 * {@code WordCount extends Tuple2<String, Integer>}, a POJO field {@code List<Event>}). Type
 * variables that stay unknown become {@code GenericTypeInfo<Object>}: such values are written
 * with their run-time kind. Stateless and thread-safe.
 */
public final class TypeExtractor {

    private TypeExtractor() {
    }

    /** The type information of a class; generic type arguments stay unknown. */
    @SuppressWarnings("unchecked")
    public static <T> TypeInformation<T> getForClass(Class<T> type) {
        return (TypeInformation<T>) createTypeInfo(type);
    }

    /** The type information of a reflected type ({@code Class} or {@code ParameterizedType}). */
    public static TypeInformation<?> createTypeInfo(Type type) {
        java.util.Objects.requireNonNull(type, "type");
        return new Analysis().of(type, Map.of());
    }

    /**
     * Weir: the type argument {@code index} of {@code functionInterface} as {@code function}'s class
     * declares it (the {@code R} of a {@code MapFunction<T, R>} written as a class or an anonymous
     * class), or null when it is not known: a lambda (Java erases its generic types) or a type
     * variable the class leaves open.
     */
    public static TypeInformation<?> getForFunction(Object function, Class<?> functionInterface, int index) {
        Class<?> c = function.getClass();
        if (c.isSynthetic() || c.getName().contains("$$Lambda")) {
            return null;
        }
        Type argument = typeArgument(c, functionInterface, index, Map.of());
        if (argument == null || argument instanceof TypeVariable<?> || containsVariable(argument)) {
            return null;
        }
        return createTypeInfo(argument);
    }

    private static Type typeArgument(Class<?> c, Class<?> target, int index, Map<TypeVariable<?>, Type> bindings) {
        List<Type> supertypes = new ArrayList<>(List.of(c.getGenericInterfaces()));
        if (c.getGenericSuperclass() != null) {
            supertypes.add(c.getGenericSuperclass());
        }
        for (Type supertype : supertypes) {
            Class<?> raw = supertype instanceof ParameterizedType p ? (Class<?>) p.getRawType()
                    : supertype instanceof Class<?> k ? k : null;
            if (raw == null || !target.isAssignableFrom(raw)) {
                continue;
            }
            Map<TypeVariable<?>, Type> next = new HashMap<>();
            if (supertype instanceof ParameterizedType p) {
                Type[] args = p.getActualTypeArguments();
                TypeVariable<?>[] variables = raw.getTypeParameters();
                for (int i = 0; i < variables.length; i++) {
                    next.put(variables[i], args[i] instanceof TypeVariable<?> v && bindings.containsKey(v)
                            ? bindings.get(v) : args[i]);
                }
            }
            if (raw == target) {
                return next.get(raw.getTypeParameters()[index]);
            }
            Type found = typeArgument(raw, target, index, next);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static boolean containsVariable(Type type) {
        if (type instanceof TypeVariable<?>) {
            return true;
        }
        if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                if (containsVariable(argument)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The number of fields of a tuple class (a subclass of {@code Tuple0..Tuple25}). */
    static int tupleArity(Class<?> tupleClass) {
        for (Class<?> c = tupleClass; c != null; c = c.getSuperclass()) {
            for (int arity = 0; arity <= Tuple.MAX_ARITY; arity++) {
                if (c == Tuple.getTupleClass(arity)) {
                    return arity;
                }
            }
        }
        throw new IllegalArgumentException(tupleClass.getName() + " is not a subclass of Tuple0.." + "Tuple"
                + Tuple.MAX_ARITY);
    }

    /** One extraction: remembers the POJO classes being analysed, so a recursive type ends. */
    private static final class Analysis {
        private final Set<Class<?>> inProgress = new HashSet<>();

        /**
         * The type information of {@code type}, where {@code bindings} gives the types of the type
         * variables in scope (already resolved, so nested generics keep their arguments).
         */
        TypeInformation<?> of(Type type, Map<TypeVariable<?>, TypeInformation<?>> bindings) {
            if (type instanceof TypeVariable<?> variable) {
                TypeInformation<?> bound = bindings.get(variable);
                return bound != null ? bound : new GenericTypeInfo<>(Object.class);
            }
            if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
                return ofClass(raw, bind(raw, parameterized.getActualTypeArguments(), bindings));
            }
            if (type instanceof Class<?> c) {
                return ofClass(c, Map.of());
            }
            return new GenericTypeInfo<>(Object.class); // wildcard or generic array: known only at run time
        }

        /** The types of {@code raw}'s type variables, from its type arguments seen where {@code outer} holds. */
        private Map<TypeVariable<?>, TypeInformation<?>> bind(Class<?> raw, Type[] args,
                                                              Map<TypeVariable<?>, TypeInformation<?>> outer) {
            Map<TypeVariable<?>, TypeInformation<?>> own = new HashMap<>();
            TypeVariable<?>[] variables = raw.getTypeParameters();
            for (int i = 0; i < variables.length && i < args.length; i++) {
                own.put(variables[i], of(args[i], outer));
            }
            return own;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private TypeInformation<?> ofClass(Class<?> c, Map<TypeVariable<?>, TypeInformation<?>> bindings) {
            TypeInformation<?> simple = BasicTypeInfo.getInfoFor(c);
            if (simple == null) {
                simple = LocalTimeTypeInfo.getInfoFor(c);
            }
            if (simple == null) {
                simple = PrimitiveArrayTypeInfo.getInfoFor(c);
            }
            if (simple != null) {
                return simple;
            }
            if (c.isEnum()) {
                return new EnumTypeInfo(c);
            }
            if (c == List.class || c == ArrayList.class || c == java.util.Collection.class || c == Iterable.class) {
                return new ListTypeInfo<>(argument(c, 0, bindings));
            }
            if (c == Map.class || c == HashMap.class) {
                return new MapTypeInfo<>(argument(c, 0, bindings), argument(c, 1, bindings));
            }
            if (Tuple.class.isAssignableFrom(c) && c != Tuple.class) {
                return tuple(c, bindings);
            }
            if (c.isRecord()) {
                return record(c, bindings);
            }
            if (c == Object.class || c.isPrimitive() || c.isArray() || c.isInterface()
                    || c.getName().startsWith("java.") || c.getName().startsWith("javax.")) {
                return new GenericTypeInfo<>(c, c.isArray() ? "Weir writes arrays of primitives, not of objects: use a List"
                        : c.isInterface() ? "it is an interface" : null);
            }
            return pojo(c, bindings);
        }

        private TypeInformation<?> argument(Class<?> raw, int index, Map<TypeVariable<?>, TypeInformation<?>> bindings) {
            return of(raw.getTypeParameters()[index], bindings);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private TypeInformation<?> tuple(Class<?> c, Map<TypeVariable<?>, TypeInformation<?>> bindings) {
            int arity = tupleArity(c);
            // Walk up to TupleN, carrying the type arguments each class gives its superclass.
            Map<TypeVariable<?>, TypeInformation<?>> current = bindings;
            Class<?> at = c;
            while (at != Tuple.getTupleClass(arity)) {
                current = superclassBindings(at, current);
                at = at.getSuperclass();
            }
            TypeVariable<?>[] variables = at.getTypeParameters();
            TypeInformation<?>[] fields = new TypeInformation<?>[arity];
            for (int i = 0; i < arity; i++) {
                fields[i] = of(variables[i], current);
            }
            if (c != at && !hasPublicNoArgConstructor(c)) {
                return new GenericTypeInfo<>(c, "a subclass of a tuple needs a public no-argument constructor");
            }
            for (Class<?> sub = c; sub != at; sub = sub.getSuperclass()) {
                for (Field field : sub.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())
                            && !field.isSynthetic()) {
                        return new GenericTypeInfo<>(c, "a subclass of a tuple has field '" + field.getName()
                                + "' of its own, which the tuple's format would lose");
                    }
                }
            }
            return new TupleTypeInfo(c, fields);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private TypeInformation<?> record(Class<?> c, Map<TypeVariable<?>, TypeInformation<?>> bindings) {
            if (!inProgress.add(c)) {
                return new GenericTypeInfo<>(c, "it refers to itself (a recursive type)");
            }
            try {
                RecordComponent[] components = c.getRecordComponents();
                List<PojoField> fields = new ArrayList<>();
                Class<?>[] parameterTypes = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    parameterTypes[i] = components[i].getType();
                    Field field = c.getDeclaredField(components[i].getName());
                    Method accessor = components[i].getAccessor();
                    accessor.setAccessible(true);
                    fields.add(new PojoField(field, of(components[i].getGenericType(), bindings), accessor, null));
                }
                Constructor<?> constructor = c.getDeclaredConstructor(parameterTypes);
                constructor.setAccessible(true);
                return new PojoTypeInfo(c, fields, constructor);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new GenericTypeInfo<>(c, "its components cannot be accessed: " + e);
            } finally {
                inProgress.remove(c);
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private TypeInformation<?> pojo(Class<?> c, Map<TypeVariable<?>, TypeInformation<?>> bindings) {
            String reason = notPojoReason(c);
            if (reason != null) {
                return new GenericTypeInfo<>(c, reason);
            }
            if (!inProgress.add(c)) {
                return new GenericTypeInfo<>(c, "it refers to itself (a recursive type)");
            }
            try {
                List<PojoField> fields = new ArrayList<>();
                Map<TypeVariable<?>, TypeInformation<?>> current = bindings;
                for (Class<?> at = c; at != null && at != Object.class; at = at.getSuperclass()) {
                    for (Field field : at.getDeclaredFields()) {
                        int modifiers = field.getModifiers();
                        if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()) {
                            continue;
                        }
                        PojoField pojoField = pojoField(c, field, of(field.getGenericType(), current));
                        if (pojoField == null) {
                            return new GenericTypeInfo<>(c, "field '" + field.getName() + "' is "
                                    + (Modifier.isPublic(modifiers) ? "final" : "not public")
                                    + " and has no public getter and setter");
                        }
                        fields.add(pojoField);
                    }
                    current = superclassBindings(at, current);
                }
                fields.sort(Comparator.comparing(PojoField::getName));
                Constructor<?> constructor = c.getConstructor();
                constructor.trySetAccessible();
                return new PojoTypeInfo(c, fields, constructor);
            } catch (ReflectiveOperationException e) {
                return new GenericTypeInfo<>(c, e.toString());
            } finally {
                inProgress.remove(c);
            }
        }

        private Map<TypeVariable<?>, TypeInformation<?>> superclassBindings(
                Class<?> at, Map<TypeVariable<?>, TypeInformation<?>> current) {
            if (at.getGenericSuperclass() instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
                return bind(raw, p.getActualTypeArguments(), current);
            }
            return Map.of();
        }

        private static PojoField pojoField(Class<?> c, Field field, TypeInformation<?> type) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && !Modifier.isFinal(modifiers)) {
                return new PojoField(field, type, null, null);
            }
            String suffix = Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
            Method getter = publicMethod(c, "get" + suffix);
            if (getter == null && (field.getType() == boolean.class || field.getType() == Boolean.class)) {
                getter = publicMethod(c, "is" + suffix);
            }
            Method setter = publicMethod(c, "set" + suffix, field.getType());
            if (getter == null || setter == null || Modifier.isFinal(modifiers)) {
                return null;
            }
            return new PojoField(field, type, getter, setter);
        }

        private static Method publicMethod(Class<?> c, String name, Class<?>... parameters) {
            try {
                Method method = c.getMethod(name, parameters);
                return Modifier.isStatic(method.getModifiers()) ? null : method;
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    }

    private static boolean hasPublicNoArgConstructor(Class<?> c) {
        try {
            c.getConstructor();
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Why {@code c} is not a POJO by Flink's rules, or null if it may be one (its fields are checked after). */
    private static String notPojoReason(Class<?> c) {
        if (!Modifier.isPublic(c.getModifiers())) {
            return "it is not public";
        }
        if (Modifier.isAbstract(c.getModifiers())) {
            return "it is abstract";
        }
        if (c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers())) {
            return "it is an inner (non-static nested) class";
        }
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return "it is an anonymous or local class";
        }
        if (!hasPublicNoArgConstructor(c)) {
            return "it has no public no-argument constructor";
        }
        return null;
    }
}
