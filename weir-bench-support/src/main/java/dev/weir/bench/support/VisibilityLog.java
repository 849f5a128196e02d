package dev.weir.bench.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The bookkeeping of the {@code freshness} workload: for every event {@code seq} in {@code [0, records)}
 * the time from its creation to the moment it was first seen in committed output, and the check that
 * every event was seen exactly once.
 *
 * <p>Times are {@code System.nanoTime()} values of the one JVM that creates the events and watches the
 * output. Freshness goes into an HdrHistogram (1 µs to 10 min, 3 significant digits), for the events
 * created from {@link #measureFrom} on (a warm-up before it is checked, not measured). Not thread-safe:
 * set up, then one watcher thread calls {@link #seen}; read the figures after that thread has ended.
 */
public final class VisibilityLog {
    private static final long MAX_NANOS = 600_000_000_000L;

    private final long records;
    private final long[] seenBits;
    private final Histogram freshnessNanos = new Histogram(1_000, MAX_NANOS, 3);
    private long distinct;
    private long duplicates;
    private long outOfRange;
    private long firstDuplicate = -1;
    private boolean warmup;
    private long measureFromNanos;

    public VisibilityLog(long records) {
        if (records < 0 || records > (1L << 36)) {
            throw new IllegalArgumentException("freshness: --records must be in [0, 2^36], was " + records);
        }
        this.records = records;
        this.seenBits = new long[(int) ((records + 63) >>> 6)];
    }

    /** Measures only the events created at or after {@code nanos} (a {@code System.nanoTime()}); call before any {@link #seen}. */
    public void measureFrom(long nanos) {
        warmup = true;
        measureFromNanos = nanos;
    }

    /** Event {@code seq}, created at {@code createdNanos}, became visible in committed output at {@code visibleNanos}. */
    void seen(long seq, long createdNanos, long visibleNanos) {
        if (seq < 0 || seq >= records) {
            outOfRange++;
            return;
        }
        int word = (int) (seq >>> 6);
        long bit = 1L << seq;
        if ((seenBits[word] & bit) != 0) {
            if (duplicates++ == 0) {
                firstDuplicate = seq;
            }
            return;
        }
        seenBits[word] |= bit;
        distinct++;
        if (warmup && createdNanos - measureFromNanos < 0) {
            return; // warm-up
        }
        freshnessNanos.recordValue(Math.min(MAX_NANOS, Math.max(1_000, visibleNanos - createdNanos)));
    }

    /**
     * Every line {@code seq,createdNanos[,…]} of committed output (lines end with {@code \n} or the
     * buffer), visible at {@code visibleNanos}; {@code where} names the file or topic-partition-offset in errors.
     */
    void seenLines(byte[] bytes, String where, long visibleNanos) {
        int line = 1;
        for (int i = 0; i < bytes.length; line++) {
            int end = i;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int comma = i;
            while (comma < end && bytes[comma] != ',') {
                comma++;
            }
            int next = comma + 1;
            while (next < end && bytes[next] != ',') {
                next++;
            }
            seen(number(bytes, i, comma, where, line), number(bytes, comma + 1, Math.min(next, end), where, line),
                    visibleNanos);
            i = end + 1;
        }
    }

    private static long number(byte[] bytes, int from, int to, String where, int line) {
        boolean negative = from < to && bytes[from] == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || to - i > 19) {
            throw malformed(bytes, from, where, line);
        }
        long value = 0;
        for (; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                throw malformed(bytes, from, where, line);
            }
            value = value * 10 + (bytes[i] - '0');
        }
        return negative ? -value : value;
    }

    private static IllegalStateException malformed(byte[] bytes, int from, String where, int line) {
        int end = from;
        while (end < bytes.length && bytes[end] != '\n' && end - from < 80) {
            end++;
        }
        return new IllegalStateException("freshness: " + where + " line " + line + " is not seq,createdNanos[,...]: '"
                + new String(bytes, from, end - from, java.nio.charset.StandardCharsets.UTF_8) + "'");
    }

    /** Events seen so far, each counted once. */
    long distinct() {
        return distinct;
    }

    /** Whether every event has been seen. */
    boolean complete() {
        return distinct == records;
    }

    /** What is wrong with the committed output seen so far, as a whole run's output; empty if nothing. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (distinct != records) {
            long firstMissing = -1;
            for (long seq = 0; seq < records && firstMissing < 0; seq++) {
                if ((seenBits[(int) (seq >>> 6)] & (1L << seq)) == 0) {
                    firstMissing = seq;
                }
            }
            problems.add((records - distinct) + " of " + records + " events never became visible (first: seq "
                    + firstMissing + ")");
        }
        if (duplicates > 0) {
            problems.add(duplicates + " events were committed more than once (first: seq " + firstDuplicate + ")");
        }
        if (outOfRange > 0) {
            problems.add(outOfRange + " committed events have a seq outside [0, " + records + ")");
        }
        return problems;
    }

    /** Freshness at percentile {@code p} (0–100) in milliseconds. */
    double percentileMillis(double p) {
        return freshnessNanos.getValueAtPercentile(p) / 1e6;
    }

    double maxMillis() {
        return freshnessNanos.getMaxValue() / 1e6;
    }

    /** The {@code freshness_*} lines of the benchmark output. */
    public List<String> figures() {
        return List.of(
                "freshness_samples=" + freshnessNanos.getTotalCount(),
                String.format(Locale.ROOT, "freshness_p50_ms=%.3f", percentileMillis(50)),
                String.format(Locale.ROOT, "freshness_p90_ms=%.3f", percentileMillis(90)),
                String.format(Locale.ROOT, "freshness_p99_ms=%.3f", percentileMillis(99)),
                String.format(Locale.ROOT, "freshness_p999_ms=%.3f", percentileMillis(99.9)),
                String.format(Locale.ROOT, "freshness_max_ms=%.3f", maxMillis()));
    }
}
