package dev.weir.api.configuration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A mutable set of options (Flink's name): typed values set through {@link ConfigOption}s, or strings
 * by key. A job hands one to {@code StreamExecutionEnvironment.getExecutionEnvironment(Configuration)}
 * or {@code env.configure(config)}:
 *
 * <pre>{@code
 * Configuration config = new Configuration();
 * config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
 * config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
 * config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "file:///tmp/checkpoints");
 * config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
 * }</pre>
 *
 * <p>A value set as a string (by {@link #setString} or {@link #fromMap}) is read as the option's type
 * when it is read; a value that does not fit fails then, naming the key, the value and what the option
 * takes. Values of keys that look secret (containing {@code password}, {@code secret}, {@code sasl.jaas}
 * and the like) are never printed. Not thread-safe.
 */
public class Configuration implements ReadableConfig, WritableConfig, Cloneable {
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** An empty configuration. */
    public Configuration() {
    }

    /** A copy of {@code other}. */
    public Configuration(Configuration other) {
        values.putAll(other.values);
    }

    /** A configuration holding {@code map}'s keys and string values. */
    public static Configuration fromMap(Map<String, String> map) {
        Configuration config = new Configuration();
        map.forEach(config::setString);
        return config;
    }

    /** The value of {@code key} as a string, or {@code defaultValue} if it is not set. */
    public String getString(String key, String defaultValue) {
        Object value = values.get(key);
        return value == null ? defaultValue : OptionValues.format(value);
    }

    /** Sets {@code key} to {@code value}, read as the type of whatever option reads the key. */
    public void setString(String key, String value) {
        values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, () -> "value of " + key));
    }

    /** The option's value in its string form, or null if it is not set (its default is not used). */
    public String getValue(ConfigOption<?> option) {
        return getOptional(option).map(OptionValues::format).orElse(null);
    }

    /**
     * The string option's value (or default) as a constant of {@code enumClass}, in any case.
     *
     * @throws IllegalArgumentException naming the key, the value and the constants when it is none of them
     */
    public <T extends Enum<T>> T getEnum(Class<T> enumClass, ConfigOption<String> option) {
        String value = get(option);
        if (value == null) {
            throw new IllegalArgumentException("option '" + option.key() + "' is not set and has no default");
        }
        return enumClass.cast(OptionValues.convert(option.key(), value, enumClass));
    }

    /** The keys that are set. */
    public Set<String> keySet() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public boolean containsKey(String key) {
        return values.containsKey(key);
    }

    /** Whether the option is set, under its key or a fallback key. */
    public boolean contains(ConfigOption<?> option) {
        return option.keys().stream().anyMatch(values::containsKey);
    }

    @Override
    public <T> T get(ConfigOption<T> option) {
        return getOptional(option).orElseGet(option::defaultValue);
    }

    /** The option's value, or {@code overrideDefault} if it is not set. */
    public <T> T get(ConfigOption<T> option, T overrideDefault) {
        return getOptional(option).orElse(overrideDefault);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getOptional(ConfigOption<T> option) {
        for (String key : option.keys()) {
            Object value = values.get(key);
            if (value != null) {
                return Optional.of((T) OptionValues.convert(key, value, option.type()));
            }
        }
        return Optional.empty();
    }

    @Override
    public <T> Configuration set(ConfigOption<T> option, T value) {
        values.put(option.key(), Objects.requireNonNull(value, () -> "value of option " + option.key()));
        return this;
    }

    /** Adds every option of {@code other}, replacing the values of keys set in both. */
    public void addAll(Configuration other) {
        values.putAll(other.values);
    }

    /** Adds every option of {@code other} with {@code prefix} put before its key. */
    public void addAll(Configuration other, String prefix) {
        other.values.forEach((key, value) -> values.put(prefix + key, value));
    }

    /** Unsets the option (its key and its fallback keys); whether anything was set. */
    public <T> boolean removeConfig(ConfigOption<T> option) {
        boolean removed = false;
        for (String key : option.keys()) {
            removed |= values.remove(key) != null;
        }
        return removed;
    }

    /** Unsets {@code key}; whether it was set. */
    public boolean removeKey(String key) {
        return values.remove(key) != null;
    }

    @Override
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        values.forEach((key, value) -> map.put(key, OptionValues.format(value)));
        return map;
    }

    @Override
    public Configuration clone() {
        return new Configuration(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Configuration other && toMap().equals(other.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    /** The options as {@code {key=value, ...}}, secret-looking values masked. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        toMap().forEach((key, value) -> shown.put(key, SecretKeys.mask(key, value)));
        return shown.toString();
    }
}
