package dev.weir.api.configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named, typed option with an optional default and a description (Flink's name). Built with
 * {@link ConfigOptions#key(String)}; the options Weir understands are the constants of
 * {@link CoreOptions}, {@link PipelineOptions}, {@link ExecutionOptions}, {@link CheckpointingOptions},
 * {@link RestartStrategyOptions}, {@link StateBackendOptions} and {@link StateRecoveryOptions}.
 * Immutable: the {@code with..} methods return a new option.
 *
 * @param <T> the type of the option's value
 */
public class ConfigOption<T> {
    private final String key;
    private final Class<?> type;
    private final T defaultValue;
    private final String description;
    private final List<FallbackKey> fallbackKeys;

    ConfigOption(String key, Class<?> type, T defaultValue, String description, List<FallbackKey> fallbackKeys) {
        this.key = Objects.requireNonNull(key, "key");
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.fallbackKeys = List.copyOf(fallbackKeys);
    }

    /** The option's key, such as {@code execution.checkpointing.interval}. */
    public String key() {
        return key;
    }

    public boolean hasDefaultValue() {
        return defaultValue != null;
    }

    /** The value an unset option has, or null. */
    public T defaultValue() {
        return defaultValue;
    }

    /** What the option does (empty if not described). */
    public String description() {
        return description;
    }

    /** This option, with a description. */
    public ConfigOption<T> withDescription(String description) {
        return new ConfigOption<>(key, type, defaultValue, Objects.requireNonNull(description, "description"),
                fallbackKeys);
    }

    /** This option, also read from {@code keys} (in order) when its own key is not set. */
    public ConfigOption<T> withFallbackKeys(String... keys) {
        return withMore(keys, false);
    }

    /** This option, also read from its older names {@code keys} (in order) when its own key is not set. */
    public ConfigOption<T> withDeprecatedKeys(String... keys) {
        return withMore(keys, true);
    }

    private ConfigOption<T> withMore(String[] keys, boolean deprecated) {
        List<FallbackKey> all = new ArrayList<>(fallbackKeys);
        for (String k : keys) {
            all.add(new FallbackKey(k, deprecated));
        }
        return new ConfigOption<>(key, type, defaultValue, description, all);
    }

    public boolean hasFallbackKeys() {
        return !fallbackKeys.isEmpty();
    }

    /** The keys read, in order, when the option's own key is not set. */
    public Iterable<FallbackKey> fallbackKeys() {
        return fallbackKeys;
    }

    /** The key and then the fallback keys, in the order they are looked up. */
    List<String> keys() {
        List<String> keys = new ArrayList<>(1 + fallbackKeys.size());
        keys.add(key);
        fallbackKeys.forEach(k -> keys.add(k.getKey()));
        return keys;
    }

    Class<?> type() {
        return type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigOption<?> other && key.equals(other.key) && type.equals(other.type)
                && Objects.equals(defaultValue, other.defaultValue) && fallbackKeys.equals(other.fallbackKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, type, defaultValue, fallbackKeys);
    }

    @Override
    public String toString() {
        return "Key: '" + key + "' , default: " + defaultValue + " (fallback keys: " + fallbackKeys + ")";
    }
}
