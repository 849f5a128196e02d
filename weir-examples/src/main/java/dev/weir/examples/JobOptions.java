package dev.weir.examples;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line options of the form {@code --name value}, shared by the example jobs, the
 * {@code weir} command and the benchmarks. Every mistake is an {@link IllegalArgumentException}
 * naming the option; {@link #rejectUnknown()} catches typos after a job has read its options.
 */
public final class JobOptions {
    private final Map<String, String> values = new LinkedHashMap<>();

    private JobOptions() {
    }

    public static JobOptions parse(String... args) {
        JobOptions options = new JobOptions();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("expected an option like --name value, got '" + arg + "'");
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            String value;
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            if (options.values.put(name, value) != null) {
                throw new IllegalArgumentException("option --" + name + " is given twice");
            }
        }
        return options;
    }

    public String getString(String name, String defaultValue) {
        String value = values.remove(name);
        return value == null ? defaultValue : value;
    }

    public String requireString(String name) {
        String value = values.remove(name);
        if (value == null) {
            throw new IllegalArgumentException("option --" + name + " is required");
        }
        return value;
    }

    public long getLong(String name, long defaultValue) {
        String value = values.remove(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " needs a whole number, got '" + value + "'");
        }
    }

    public int getInt(String name, int defaultValue) {
        long value = getLong(name, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("option --" + name + " is out of range: " + value);
        }
        return (int) value;
    }

    /** A duration such as {@code 200ms}, {@code 1s}, {@code 5m}; a bare number means milliseconds. */
    public Duration getDuration(String name, Duration defaultValue) {
        String value = values.remove(name);
        if (value == null) {
            return defaultValue;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            } else if (v.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            }
            return Duration.ofMillis(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " needs a duration like 200ms or 1s, got '"
                    + value + "'");
        }
    }

    /** Fails if an option was given that nobody read (a typo, or an option of another job). */
    public void rejectUnknown() {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + values.keySet().iterator().next());
        }
    }
}
