package dev.weir.api.configuration;

import java.util.Map;
import java.util.Optional;

/**
 * Read access to a set of options (Flink's name): typed values by {@link ConfigOption}, or all of them
 * as strings. {@link Configuration} is the one users build; {@code StreamExecutionEnvironment.getConfiguration()}
 * returns the settings a job runs with.
 */
public interface ReadableConfig {

    /**
     * The option's value: the value set under its key (or under one of its fallback keys), else its
     * default (null for an option without one).
     *
     * @throws IllegalArgumentException when the value set cannot be read as the option's type; the
     *                                  message names the key, the value and what the option takes
     */
    <T> T get(ConfigOption<T> option);

    /** The option's value if it was set (under its key or a fallback key); empty otherwise, whatever its default. */
    <T> Optional<T> getOptional(ConfigOption<T> option);

    /** Every option set, as key and value in Flink's string form (durations like {@code 10 s}). */
    Map<String, String> toMap();
}
