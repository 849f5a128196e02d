package dev.weir.api.configuration;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads option values from their string form and writes them back in Flink's form ({@code 10 s},
 * {@code EXACTLY_ONCE}, {@code true}). A value that cannot be read fails naming the key, the value
 * (masked for secret-looking keys) and what the option takes.
 */
final class OptionValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(\\p{L}*)");
    private static final Map<String, Duration> UNITS = units();
    /** Highest unit first, as Flink prints durations. */
    private static final String[] PRINT_LABELS = {"d", "h", "min", "s", "ms", "µs", "ns"};
    private static final Duration[] PRINT_UNITS = {Duration.ofDays(1), Duration.ofHours(1), Duration.ofMinutes(1),
        Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofNanos(1000), Duration.ofNanos(1)};

    private OptionValues() {
    }

    /** {@code value} (a String, or an object set through another option of the same key) as {@code type}. */
    static Object convert(String key, Object value, Class<?> type) {
        if (type.isInstance(value)) {
            return value;
        }
        if ((value instanceof Integer || value instanceof Long) && type == Long.class) {
            return ((Number) value).longValue();
        }
        String s = value instanceof String str ? str : format(value);
        try {
            return parse(s.trim(), type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("option '" + key + "': value '" + SecretKeys.mask(key, s)
                    + "' is not " + expected(type), e);
        }
    }

    private static Object parse(String s, Class<?> type) {
        if (type == String.class) {
            return s;
        }
        if (type == Integer.class) {
            return Integer.parseInt(s);
        }
        if (type == Long.class) {
            return Long.parseLong(s);
        }
        if (type == Double.class) {
            return Double.parseDouble(s);
        }
        if (type == Float.class) {
            return Float.parseFloat(s);
        }
        if (type == Boolean.class) {
            if (s.equalsIgnoreCase("true")) {
                return true;
            }
            if (s.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException("not a boolean");
        }
        if (type == Duration.class) {
            return parseDuration(s);
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(s)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("no such constant");
        }
        throw new IllegalStateException("options of type " + type.getName() + " are not supported");
    }

    /** A duration such as {@code 500 ms}, {@code 10s}, {@code 2 min}, {@code 1 h}, {@code 100} (ms) or ISO {@code PT10S}. */
    static Duration parseDuration(String s) {
        if (s.regionMatches(true, 0, "PT", 0, 2) || s.regionMatches(true, 0, "P", 0, 1) && s.length() > 1
                && Character.isDigit(s.charAt(1))) {
            try {
                Duration d = Duration.parse(s);
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            throw new IllegalArgumentException("negative duration");
        }
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration");
        }
        Duration unit = m.group(2).isEmpty() ? Duration.ofMillis(1) : UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new IllegalArgumentException("unknown unit '" + m.group(2) + "'");
        }
        return unit.multipliedBy(Long.parseLong(m.group(1)));
    }

    /** The string form of a value, as Flink writes it. */
    static String format(Object value) {
        if (value instanceof Duration d) {
            for (int i = 0; i < PRINT_UNITS.length; i++) {
                long nanosPerUnit = PRINT_UNITS[i].toNanos();
                if (d.isZero()) {
                    return "0 ms";
                }
                if (d.toNanos() % nanosPerUnit == 0) {
                    return d.toNanos() / nanosPerUnit + " " + PRINT_LABELS[i];
                }
            }
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return String.valueOf(value);
    }

    private static String expected(Class<?> type) {
        if (type == Duration.class) {
            return "a duration (a number and a unit: ms, s, min, h, d, like '500 ms' or '10 s'; no unit means ms)";
        }
        if (type == Boolean.class) {
            return "a boolean (true or false)";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
        }
        if (type == Integer.class) {
            return "an integer (32 bits)";
        }
        if (type == Long.class) {
            return "an integer (64 bits)";
        }
        return "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Duration> units() {
        Map<String, Duration> units = new java.util.HashMap<>();
        put(units, Duration.ofNanos(1), "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        put(units, Duration.ofNanos(1000), "µs", "us", "micro", "micros", "microsecond", "microseconds");
        put(units, Duration.ofMillis(1), "ms", "milli", "millis", "millisecond", "milliseconds");
        put(units, Duration.ofSeconds(1), "s", "sec", "secs", "second", "seconds");
        put(units, Duration.ofMinutes(1), "m", "min", "mins", "minute", "minutes");
        put(units, Duration.ofHours(1), "h", "hour", "hours");
        put(units, Duration.ofDays(1), "d", "day", "days");
        return Map.copyOf(units);
    }

    private static void put(Map<String, Duration> units, Duration unit, String... labels) {
        for (String label : labels) {
            units.put(label, unit);
        }
    }
}
