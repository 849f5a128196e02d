package dev.weir.kafka;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/** Creating Kafka's own serializers and deserializers from their classes, for Flink's {@code Class} variants. */
final class KafkaSerdes {
    private KafkaSerdes() {
    }

    static <S> S create(Class<? extends S> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create " + type.getName() + " with its public no-argument "
                    + "constructor: " + e, e);
        }
    }

    /** The type argument {@code type} gives {@code generic} (e.g. String for StringDeserializer), or Object. */
    static Class<?> typeArgument(Class<?> type, Class<?> generic) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type implemented : c.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType p && p.getRawType() == generic
                        && p.getActualTypeArguments()[0] instanceof Class<?> argument) {
                    return argument;
                }
            }
        }
        return Object.class;
    }
}
