package dev.weir.api.configuration;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Builds {@link ConfigOption}s (Flink's name):
 * {@code ConfigOptions.key("my.option").intType().defaultValue(3).withDescription("...")}.
 */
public class ConfigOptions {

    ConfigOptions() {
    }

    /** Starts an option with the given key; choose its type next. */
    public static OptionBuilder key(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an option's key must not be blank");
        }
        return new OptionBuilder(key);
    }

    /** Chooses an option's type. */
    public static final class OptionBuilder {
        private final String key;

        OptionBuilder(String key) {
            this.key = key;
        }

        public TypedConfigOptionBuilder<Boolean> booleanType() {
            return new TypedConfigOptionBuilder<>(key, Boolean.class);
        }

        public TypedConfigOptionBuilder<Integer> intType() {
            return new TypedConfigOptionBuilder<>(key, Integer.class);
        }

        public TypedConfigOptionBuilder<Long> longType() {
            return new TypedConfigOptionBuilder<>(key, Long.class);
        }

        public TypedConfigOptionBuilder<Float> floatType() {
            return new TypedConfigOptionBuilder<>(key, Float.class);
        }

        public TypedConfigOptionBuilder<Double> doubleType() {
            return new TypedConfigOptionBuilder<>(key, Double.class);
        }

        public TypedConfigOptionBuilder<String> stringType() {
            return new TypedConfigOptionBuilder<>(key, String.class);
        }

        /** A duration; as a string, like {@code 500 ms}, {@code 10s}, {@code 2 min}, {@code 1h} (no unit: ms). */
        public TypedConfigOptionBuilder<Duration> durationType() {
            return new TypedConfigOptionBuilder<>(key, Duration.class);
        }

        /** A constant of {@code enumClass}; as a string, its name in any case. */
        public <T extends Enum<T>> TypedConfigOptionBuilder<T> enumType(Class<T> enumClass) {
            return new TypedConfigOptionBuilder<>(key, Objects.requireNonNull(enumClass, "enumClass"));
        }
    }

    /** Gives a typed option its default, or none. */
    public static class TypedConfigOptionBuilder<T> {
        private final String key;
        private final Class<?> type;

        TypedConfigOptionBuilder(String key, Class<?> type) {
            this.key = key;
            this.type = type;
        }

        /** The option, with the value it has when it is not set. */
        public ConfigOption<T> defaultValue(T value) {
            return new ConfigOption<>(key, type, Objects.requireNonNull(value, "defaultValue"), "", List.of());
        }

        /** The option, null when not set. */
        public ConfigOption<T> noDefaultValue() {
            return new ConfigOption<>(key, type, null, "", List.of());
        }
    }
}
