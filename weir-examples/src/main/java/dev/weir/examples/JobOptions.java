package dev.weir.examples;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line options of the form {@code --name value}, as the benchmarks read them (the jobs of
 * the {@code weir} command declare theirs with picocli, see {@link CommonJobOptions}). Every mistake is an {@link IllegalArgumentException}
 * naming the option; {@link #rejectUnknown()} catches typos after a job has read its options.
 */
public final class JobOptions {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final java.util.Set<String> flags = new java.util.LinkedHashSet<>();

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
                value = null; // a flag such as --preload; options that need a value say so when read
            }
            if (options.values.containsKey(name) || options.flags.contains(name)) {
                throw new IllegalArgumentException("option --" + name + " is given twice");
            }
            if (value == null) {
                options.flags.add(name);
            } else if (options.values.put(name, value) != null) {
                throw new IllegalArgumentException("option --" + name + " is given twice");
            }
        }
        return options;
    }

    /** A flag: true if given alone ({@code --preload}) or as {@code --preload true}. */
    public boolean getFlag(String name) {
        if (flags.remove(name)) {
            return true;
        }
        String value = values.remove(name);
        if (value == null) {
            return false;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("option --" + name + " is a flag: give it alone, or true/false, got '"
                    + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private String value(String name) {
        if (flags.remove(name)) {
            throw new IllegalArgumentException("option --" + name + " needs a value");
        }
        return values.remove(name);
    }

    public String getString(String name, String defaultValue) {
        String value = value(name);
        return value == null ? defaultValue : value;
    }

    public String requireString(String name) {
        String value = value(name);
        if (value == null) {
            throw new IllegalArgumentException("option --" + name + " is required");
        }
        return value;
    }

    public long getLong(String name, long defaultValue) {
        String value = value(name);
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
        String value = value(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option --" + name + " " + e.getMessage());
        }
    }

    /**
     * Parses a duration such as {@code 200ms}, {@code 1.5s}, {@code 5m}; a bare number means
     * milliseconds. Fails with "needs a duration like 200ms or 1s, got '...'".
     */
    public static Duration parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            } else if (v.endsWith("m")) {
                d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            } else {
                d = Duration.ofMillis(Long.parseLong(v));
            }
            if (d.isNegative()) {
                throw new NumberFormatException("negative");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("needs a duration like 200ms or 1s, got '" + value + "'");
        }
    }

    /** Fails if an option was given that nobody read (a typo, or an option of another job). */
    public void rejectUnknown() {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + values.keySet().iterator().next());
        }
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + flags.iterator().next());
        }
    }
}
