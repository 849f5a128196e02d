package dev.weir.connector.file;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Buckets records by the processing time at which the sink writes them, formatted with a
 * {@link DateTimeFormatter} pattern (default {@code yyyy-MM-dd--HH}: one directory per hour) in a
 * time zone (default: the system's).
 *
 * @param <IN> the record type
 */
public class DateTimeBucketAssigner<IN> implements BucketAssigner<IN, String> {
    private static final String DEFAULT_FORMAT_STRING = "yyyy-MM-dd--HH";

    private final String formatString;
    private final ZoneId zoneId;
    private final DateTimeFormatter formatter;

    public DateTimeBucketAssigner() {
        this(DEFAULT_FORMAT_STRING);
    }

    public DateTimeBucketAssigner(String formatString) {
        this(formatString, ZoneId.systemDefault());
    }

    public DateTimeBucketAssigner(ZoneId zoneId) {
        this(DEFAULT_FORMAT_STRING, zoneId);
    }

    /** Buckets named by {@code formatString} in {@code zoneId}; an invalid pattern fails here, naming it. */
    public DateTimeBucketAssigner(String formatString, ZoneId zoneId) {
        try {
            this.formatter = DateTimeFormatter.ofPattern(formatString).withZone(zoneId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DateTimeBucketAssigner: '" + formatString
                    + "' is not a valid java.time.format.DateTimeFormatter pattern: " + e.getMessage(), e);
        }
        this.formatString = formatString;
        this.zoneId = zoneId;
    }

    @Override
    public String getBucketId(IN element, Context context) {
        return formatter.format(Instant.ofEpochMilli(context.currentProcessingTime()));
    }

    @Override
    public String toString() {
        return "DateTimeBucketAssigner{formatString='" + formatString + "', zoneId=" + zoneId + "}";
    }
}
