package dev.weir.api.configuration;

import java.util.Objects;

/** Another key a {@link ConfigOption} is read from when its own key is not set (Flink's name). Immutable. */
public class FallbackKey {
    private final String key;
    private final boolean deprecated;

    FallbackKey(String key, boolean deprecated) {
        this.key = Objects.requireNonNull(key, "key");
        this.deprecated = deprecated;
    }

    public String getKey() {
        return key;
    }

    /** Whether the key is an older name of the option (rather than another option it falls back to). */
    public boolean isDeprecated() {
        return deprecated;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FallbackKey other && key.equals(other.key) && deprecated == other.deprecated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, deprecated);
    }

    @Override
    public String toString() {
        return "{key=" + key + ", isDeprecated=" + deprecated + "}";
    }
}
