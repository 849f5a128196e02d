package dev.weir.api.windowing.assigners;

import java.time.Duration;
import java.util.Objects;

/** Checks the sizes given to the built-in assigners, with messages that name the assigner. */
final class Sizes {
    private Sizes() {
    }

    static long positive(Duration duration, String what, String assigner) {
        long millis = Objects.requireNonNull(duration, () -> assigner + ": " + what + " must not be null").toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException(assigner + ": the " + what + " must be at least 1 ms, not " + duration);
        }
        return millis;
    }

    static long offset(Duration offset, long within, String withinName, String assigner) {
        long millis = Objects.requireNonNull(offset, () -> assigner + ": the offset must not be null").toMillis();
        if (Math.abs(millis) >= within) {
            throw new IllegalArgumentException(assigner + ": the offset (" + offset + ") must be smaller than the "
                    + withinName + " (" + within + " ms) in absolute value");
        }
        return millis;
    }

    static long eventTimestamp(long timestamp, String assigner) {
        if (timestamp == Long.MIN_VALUE) {
            throw new IllegalStateException(assigner + " got a record without an event timestamp: give the stream "
                    + "timestamps and watermarks (fromSource(source, watermarkStrategy, ..) or "
                    + "assignTimestampsAndWatermarks(..)), or use the processing-time twin of this assigner");
        }
        return timestamp;
    }
}
