package dev.weir.bench.support;

import java.io.Serializable;

/**
 * The keyed events of the window workloads ({@code window-tumbling}, {@code window-sliding},
 * {@code window-session}), shared by Weir's benchmarks (weir-bench) and the Flink peer
 * (weir-bench-flink); serializable because Flink serializes the generator function that captures it.
 * A pure function of the sequence number {@code i} in {@code [0, records)}, so both engines get
 * exactly the same events.
 *
 * <p>The events, for {@code records} N, {@code keys} K and source parallelism P:
 * <ul>
 *   <li>{@code key} and {@code jitter} come from a 64-bit mix of {@code i} (SplitMix64's finalizer):
 *       the key is uniform over {@code 0..K-1}, so each key's events come at random gaps (sessions
 *       both continue and close), the jitter uniform over {@code 0..DISORDER_MS-1};</li>
 *   <li>{@code value = i % 100};</li>
 *   <li>{@code timestamp = EPOCH_MS + position(i) * P * 1000 / EVENTS_PER_SECOND - jitter}, where {@code position}
 *       is {@code i}'s place in its generator split. Both engines' data generators split
 *       {@code 0..N-1} into P contiguous ranges, the first {@code N % P} one longer, one per source
 *       subtask; counting time from the start of each split makes the subtasks advance through the
 *       same event time side by side, as the partitions of a real source do (with time taken from
 *       {@code i} itself, the second subtask's events would all lie ahead of the first's watermark
 *       and wait in window state until the first ends). Event time thus advances by one second per
 *       {@code EVENTS_PER_SECOND} (100,000) events, whatever P: N events span N / 100,000 s, and
 *       with K = 100,000 keys each key has an event every second on average (a 1 s tumbling window
 *       holds about 1.6 events of its key where it holds any, a 10 s sliding window about 10, and
 *       three in five of a key's gaps are longer than the 500 ms session gap).</li>
 * </ul>
 * Within a split a timestamp is at most {@code DISORDER_MS - 1} ms behind the largest before it, so
 * with {@code forBoundedOutOfOrderness(DISORDER_MS)} no event is late: every window sees every event
 * assigned to it, and the totals over all windows are known ({@link #valueSum}).
 */
public final class WindowEvents implements Serializable {
    private static final long serialVersionUID = 1L;

    /** An event: its key, a value to sum, and its event time (epoch ms). Immutable. */
    public record Event(long key, long value, long timestamp) {
    }

    /** The largest disorder, ms: the bound given to {@code forBoundedOutOfOrderness}. */
    public static final long DISORDER_MS = 100;

    /** Event time of the first event of each split, before its jitter: 2023-11-14T22:13:20Z. */
    public static final long EPOCH_MS = 1_700_000_000_000L;

    /** Events per second of event time, all splits together. */
    public static final long EVENTS_PER_SECOND = 100_000;

    private final long records;
    private final long keys;
    private final long parallelism;

    public WindowEvents(long records, long keys, int parallelism) {
        if (records < 0 || keys <= 0 || parallelism <= 0) {
            throw new IllegalArgumentException("window events need records >= 0, keys > 0 and parallelism > 0, got "
                    + records + ", " + keys + ", " + parallelism);
        }
        this.records = records;
        this.keys = keys;
        this.parallelism = parallelism;
    }

    /** The event with sequence number {@code i}. */
    public Event event(long i) {
        long mixed = mix(i);
        long key = Long.remainderUnsigned(mixed, keys);
        long jitter = (mixed >>> 40) % DISORDER_MS;
        long time = EPOCH_MS + position(i) * parallelism * 1000 / EVENTS_PER_SECOND - jitter;
        return new Event(key, i % 100, time);
    }

    /** {@code i}'s place in its split: split s starts at {@code s * (N / P) + min(s, N % P)}. */
    long position(long i) {
        long base = records / parallelism;
        long longer = records % parallelism; // the first `longer` splits hold base + 1
        long inLonger = longer * (base + 1);
        return i < inLonger ? i % (base + 1) : (i - inLonger) % base;
    }

    /** The sum of the values of all N events. */
    public long valueSum() {
        long full = records / 100;
        long rest = records % 100;
        return full * 4950 + rest * (rest - 1) / 2;
    }

    /** SplitMix64's finalizer: a bijective mix of all 64 bits. */
    public static long mix(long i) {
        long z = i + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
