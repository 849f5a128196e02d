package dev.weir.flink.translate.types;

import dev.weir.flink.translate.PlanRef;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type bridge: Flink {@link TypeInformation}s and {@link TypeSerializer}s whose bytes are written by Weir's
 * serializers. A type is named by the job's {@link PlanRef} (for its registered serializers and declared classes)
 * and the Weir type's code; a null Weir type is a value of any type (Weir's dynamic serializer).
 */
public final class FlinkTypes {

    private FlinkTypes() {
    }

    /** The Flink type of {@code weirType} in the job {@code ref} (null type: any value). */
    public static <T> TypeInformation<T> of(PlanRef ref, dev.weir.api.typeinfo.TypeInformation<T> weirType) {
        return new WeirTypeInformation<>(new WeirType(ref, TypeCodes.encode(weirType)));
    }

    /** The Flink type of {@code weirType} with Weir's built-in serializers only (no job's registered ones). */
    public static <T> TypeInformation<T> of(dev.weir.api.typeinfo.TypeInformation<T> weirType) {
        return of(null, weirType);
    }

    /** A Flink type of values known only at run time, written with Weir's dynamic serializer. */
    public static <T> TypeInformation<T> dynamic(PlanRef ref) {
        return new WeirTypeInformation<>(new WeirType(ref, TypeCodes.DYNAMIC));
    }

    /** The Flink serializer of {@code weirType} in the job {@code ref} (null type: any value). */
    public static <T> TypeSerializer<T> serializer(PlanRef ref, dev.weir.api.typeinfo.TypeInformation<T> weirType) {
        return new WeirTypeSerializer<>(new WeirType(ref, TypeCodes.encode(weirType)));
    }

    /**
     * The Flink side output tag of a Weir one: the same id, and the Flink type of the tag's record type (its class,
     * the type argument of an anonymous subclass, or any value). Equal for equal Weir tags, so the tag an operator
     * emits to at run time matches the one the translation read the side output with.
     */
    public static <T> org.apache.flink.util.OutputTag<T> outputTag(PlanRef ref, dev.weir.api.OutputTag<T> tag) {
        return new org.apache.flink.util.OutputTag<>(tag.getId(), of(ref, tagType(tag)));
    }

    /**
     * The type a source declares through a public {@code getProducedType()} returning a Weir
     * {@link dev.weir.api.typeinfo.TypeInformation} (as {@code DataGeneratorSource} and Kafka's source do, in
     * Flink's shape), or null. Read once at translation, so that the records the source emits are written with the
     * serializer of that type instead of the dynamic one (which names each record's class).
     */
    public static dev.weir.api.typeinfo.TypeInformation<?> producedType(Object source) {
        try {
            java.lang.reflect.Method method = source.getClass().getMethod("getProducedType");
            if (dev.weir.api.typeinfo.TypeInformation.class.isAssignableFrom(method.getReturnType())) {
                return (dev.weir.api.typeinfo.TypeInformation<?>) method.invoke(source);
            }
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // a source whose type cannot be read runs with the dynamic serializer, as before
        }
        return null;
    }

    /** The Weir type of a tag's records, or null where it is not known. */
    @SuppressWarnings("unchecked")
    public static <T> dev.weir.api.typeinfo.TypeInformation<T> tagType(dev.weir.api.OutputTag<T> tag) {
        if (tag.getType() != null) {
            return (dev.weir.api.typeinfo.TypeInformation<T>) dev.weir.api.typeinfo.TypeExtractor.createTypeInfo(
                    tag.getType());
        }
        if (tag.getClass() != dev.weir.api.OutputTag.class
                && tag.getClass().getGenericSuperclass() instanceof java.lang.reflect.ParameterizedType p
                && !(p.getActualTypeArguments()[0] instanceof java.lang.reflect.TypeVariable<?>)) {
            return (dev.weir.api.typeinfo.TypeInformation<T>) dev.weir.api.typeinfo.TypeExtractor.createTypeInfo(
                    p.getActualTypeArguments()[0]);
        }
        return null;
    }

    /** The Flink serializer of one type a Weir state stores: its hand-written serializer, or Weir's for its type. */
    @SuppressWarnings("unchecked")
    public static <T> TypeSerializer<T> ofState(PlanRef ref, dev.weir.api.state.StateDescriptor.StoredType stored) {
        return stored.serializer() != null
                ? new WeirTypeSerializer<>(ref, (dev.weir.api.serialization.TypeSerializer<T>) stored.serializer())
                : new WeirTypeSerializer<>(new WeirType(ref, TypeCodes.encode(stored.type())));
    }
}
