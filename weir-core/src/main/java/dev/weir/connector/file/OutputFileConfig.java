package dev.weir.connector.file;

import java.util.Objects;

/**
 * How a {@link FileSink} names its committed part files: {@code <prefix>-<subtask>-<checkpoint>-<k><suffix>}
 * (default prefix {@code part}, no suffix). Immutable.
 */
public class OutputFileConfig {
    private final String partPrefix;
    private final String partSuffix;

    /** Parts named {@code <partPrefix>-...<partSuffix>}; checked when the sink is built. */
    public OutputFileConfig(String partPrefix, String partSuffix) {
        this.partPrefix = Objects.requireNonNull(partPrefix, "partPrefix");
        this.partSuffix = Objects.requireNonNull(partSuffix, "partSuffix");
    }

    public String getPartPrefix() {
        return partPrefix;
    }

    public String getPartSuffix() {
        return partSuffix;
    }

    public static OutputFileConfigBuilder builder() {
        return new OutputFileConfigBuilder();
    }

    @Override
    public String toString() {
        return "OutputFileConfig{prefix='" + partPrefix + "', suffix='" + partSuffix + "'}";
    }

    /** Builds an {@link OutputFileConfig}; unset values keep their defaults. Not thread-safe. */
    public static class OutputFileConfigBuilder {
        private String partPrefix = "part";
        private String partSuffix = "";

        OutputFileConfigBuilder() {
        }

        public OutputFileConfigBuilder withPartPrefix(String prefix) {
            this.partPrefix = prefix;
            return this;
        }

        public OutputFileConfigBuilder withPartSuffix(String suffix) {
            this.partSuffix = suffix;
            return this;
        }

        public OutputFileConfig build() {
            return new OutputFileConfig(partPrefix, partSuffix);
        }
    }
}
