package dev.weir.examples;

import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.connector.datagen.DataGeneratorSource;
import java.time.Duration;
import java.time.Instant;

/**
 * The click stream of the {@code sessions} job: click {@code seq} (0..N-1) is made by a user
 * picked by a hash of {@code seq}, at the event time {@link #START} + {@code seq} × {@link #STEP}
 * minus a jitter below {@link #MAX_DISORDER}, so clicks arrive out of order, but never by more
 * than that. Every {@link #LATE_EVERY}-th click ({@code seq % LATE_EVERY == LATE_EVERY - 1}) is a
 * click that reaches the job {@link #LATE_BY} after it happened (a phone that was offline): with a
 * watermark that allows {@link #MAX_DISORDER}, it is late.
 *
 * <p>A pure function of {@code seq} and the number of users, so that a restarted generator repeats
 * exactly what it generated before, and tests can recompute the input.
 */
public final class ClickGenerator {
    /** The event time of click 0. */
    public static final long START = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    /** Event time between two clicks in the order they are generated. */
    public static final long STEP = 10;
    /** Clicks other than the late ones are at most this much (exclusive) earlier than their place in the order. */
    public static final Duration MAX_DISORDER = Duration.ofSeconds(2);
    /** One click in this many is late. */
    public static final long LATE_EVERY = 1000;
    /** How long after it happened a late click reaches the job. */
    public static final Duration LATE_BY = Duration.ofHours(1);

    private ClickGenerator() {
    }

    /** One click of a user at an event time (epoch ms); {@code seq} is its place in the generated order. */
    public record Click(long seq, long user, long timestamp) {
        @Override
        public String toString() {
            return user + "," + timestamp + "," + seq;
        }
    }

    /** The click {@code seq} of a stream with {@code users} users. */
    public static Click click(long seq, long users) {
        long timestamp = START + seq * STEP - (isLate(seq) ? LATE_BY.toMillis() : mix(seq ^ 0x5DEECE66DL) % MAX_DISORDER.toMillis());
        return new Click(seq, mix(seq) % users, timestamp);
    }

    /** Whether click {@code seq} is one of the clicks that reach the job {@link #LATE_BY} after they happened. */
    public static boolean isLate(long seq) {
        return seq % LATE_EVERY == LATE_EVERY - 1;
    }

    /** A generator of clicks 0..clicks-1, at most {@code rate} per second (0: as fast as it can). */
    public static DataGeneratorSource<Click> source(long clicks, long users, long rate) {
        RateLimiterStrategy limit = rate > 0 ? RateLimiterStrategy.perSecond(rate) : RateLimiterStrategy.noOp();
        return new DataGeneratorSource<>(seq -> click(seq, users), clicks, limit, TypeInformation.of(Click.class));
    }

    /** A non-negative hash of {@code value} (SplitMix64's finalizer). */
    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }
}
