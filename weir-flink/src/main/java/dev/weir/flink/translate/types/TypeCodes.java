package dev.weir.flink.translate.types;

import dev.weir.api.typeinfo.ListTypeInfo;
import dev.weir.api.typeinfo.MapTypeInfo;
import dev.weir.api.typeinfo.TupleTypeInfo;
import dev.weir.api.typeinfo.TypeExtractor;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.tuple.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a Weir {@link TypeInformation} as a short string and reads it back, so that a Flink serializer can name
 * its Weir type with a plain value. A class whose type information Weir derives from the class alone (basic types,
 * enums, records, POJOs, primitive arrays, registered types) is {@code c:<class name>}; a tuple is
 * {@code t:<class>(<field>,...)}, a list {@code l(<element>)}, a map {@code m(<key>,<value>)};
 * {@link #DYNAMIC} is a value of any type; {@code s:<class>} names a hand-written Weir serializer (a state
 * descriptor's), rebuilt on restore by its public no-argument constructor.
 */
public final class TypeCodes {

    /** The code of a value whose type is known only at run time (Weir's dynamic serializer). */
    public static final String DYNAMIC = "*";
    /** The prefix of the code of a hand-written serializer: {@code s:<serializer class>}. */
    public static final String SERIALIZER = "s:";

    private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class,
            "short", short.class, "int", int.class, "long", long.class, "float", float.class, "double", double.class,
            "char", char.class);

    private TypeCodes() {
    }

    /** The code of {@code info} (null: {@link #DYNAMIC}). */
    public static String encode(TypeInformation<?> info) {
        if (info == null || info.getTypeClass() == Object.class) {
            return DYNAMIC;
        }
        StringBuilder out = new StringBuilder();
        encode(info, out);
        return out.toString();
    }

    private static void encode(TypeInformation<?> info, StringBuilder out) {
        if (info == null || info.getTypeClass() == Object.class) {
            out.append(DYNAMIC);
        } else if (info instanceof TupleTypeInfo<?> tuple) {
            out.append("t:").append(tuple.getTypeClass().getName()).append('(');
            for (int i = 0; i < tuple.getArity(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                encode(tuple.getTypeAt(i), out);
            }
            out.append(')');
        } else if (info instanceof ListTypeInfo<?> list) {
            out.append("l(");
            encode(list.getElementTypeInfo(), out);
            out.append(')');
        } else if (info instanceof MapTypeInfo<?, ?> map) {
            out.append("m(");
            encode(map.getKeyTypeInfo(), out);
            out.append(',');
            encode(map.getValueTypeInfo(), out);
            out.append(')');
        } else {
            out.append("c:").append(info.getTypeClass().getName());
        }
    }

    /** The type {@code code} names, its classes loaded with {@code loader}; null for {@link #DYNAMIC}. */
    public static TypeInformation<?> decode(String code, ClassLoader loader) {
        Parser parser = new Parser(code, loader);
        TypeInformation<?> info = parser.type();
        if (parser.at != code.length()) {
            throw parser.malformed();
        }
        return info;
    }

    /** The class of the values of {@code code}: {@code Object} for {@link #DYNAMIC}. */
    public static Class<?> typeClass(String code, ClassLoader loader) {
        if (code.startsWith(SERIALIZER)) {
            return Object.class;
        }
        TypeInformation<?> info = decode(code, loader);
        return info == null ? Object.class : info.getTypeClass();
    }

    static Class<?> load(String name, ClassLoader loader) {
        Class<?> primitive = PRIMITIVES.get(name);
        if (primitive != null) {
            return primitive;
        }
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("class " + name + " of a Weir type is not on the class path of this JVM",
                    e);
        }
    }

    private static final class Parser {
        private final String code;
        private final ClassLoader loader;
        private int at;

        Parser(String code, ClassLoader loader) {
            this.code = code;
            this.loader = loader;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeInformation<?> type() {
            if (code.startsWith(DYNAMIC, at)) {
                at += DYNAMIC.length();
                return null;
            }
            if (code.startsWith("c:", at)) {
                at += 2;
                return TypeExtractor.createTypeInfo(load(name(), loader));
            }
            if (code.startsWith("t:", at)) {
                at += 2;
                Class<?> tupleClass = load(name(), loader);
                expect('(');
                List<TypeInformation<?>> fields = new ArrayList<>();
                while (code.charAt(at) != ')') {
                    if (!fields.isEmpty()) {
                        expect(',');
                    }
                    fields.add(orObject(type()));
                }
                expect(')');
                return new TupleTypeInfo((Class<? extends Tuple>) tupleClass, fields.toArray(TypeInformation[]::new));
            }
            if (code.startsWith("l(", at)) {
                at += 2;
                TypeInformation<?> element = orObject(type());
                expect(')');
                return new ListTypeInfo<>(element);
            }
            if (code.startsWith("m(", at)) {
                at += 2;
                TypeInformation<?> key = orObject(type());
                expect(',');
                TypeInformation<?> value = orObject(type());
                expect(')');
                return new MapTypeInfo<>(key, value);
            }
            throw malformed();
        }

        private static TypeInformation<?> orObject(TypeInformation<?> info) {
            return info != null ? info : TypeExtractor.createTypeInfo(Object.class);
        }

        private String name() {
            int start = at;
            while (at < code.length() && "(),".indexOf(code.charAt(at)) < 0) {
                at++;
            }
            return code.substring(start, at);
        }

        private void expect(char c) {
            if (at >= code.length() || code.charAt(at) != c) {
                throw malformed();
            }
            at++;
        }

        IllegalArgumentException malformed() {
            return new IllegalArgumentException("malformed Weir type code '" + code + "' at character " + at);
        }
    }
}
