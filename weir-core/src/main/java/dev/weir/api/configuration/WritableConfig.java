package dev.weir.api.configuration;

/** Write access to a set of options (Flink's name); see {@link Configuration}. */
public interface WritableConfig {

    /** Sets {@code option} to {@code value} (not null). */
    <T> WritableConfig set(ConfigOption<T> option, T value);
}
