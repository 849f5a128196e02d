package dev.weir.bench;

/**
 * The steady-state rate of an exactly-once job as a {@code read_committed} reader of its output sees
 * it, past an untimed warm-up. Committed output arrives in bursts, one per commit (checkpoint or
 * transaction commit): a burst starts with the first poll that returns records after one that
 * returned none. A burst that starts at time T holds what the job processed before T, so:
 *
 * <ul>
 *   <li>the timed span starts at the start T<sub>w</sub> of the first burst after which at least
 *       {@code warmupRecords} records were seen, and counts only the records of the later bursts;</li>
 *   <li>it ends at the start T<sub>e</sub> of the last burst, whose records the job processed before
 *       T<sub>e</sub>;</li>
 *   <li>rate = records of the bursts after the warm-up one / (T<sub>e</sub> − T<sub>w</sub>).</li>
 * </ul>
 *
 * <p>If the reader falls behind, bursts merge and the span's ends blur by the reader's lag; with
 * commits every second and a span of tens of seconds the error stays within a few percent.
 * Used by one thread; {@link #poll} in time order.
 */
final class SteadyRate {
    private final long warmupRecords;
    private long records;
    private boolean inBurst;
    private long burstStartNanos;
    private long warmupEndNanos = -1;
    private long warmupEndRecords;
    private long lastBurstStartNanos = -1;

    SteadyRate(long warmupRecords) {
        this.warmupRecords = warmupRecords;
    }

    /** One poll of the output, returned at {@code nanos} with {@code count} records (0: none). */
    void poll(long nanos, int count) {
        if (count == 0) {
            endBurst();
            return;
        }
        if (!inBurst) {
            inBurst = true;
            burstStartNanos = nanos;
            lastBurstStartNanos = nanos;
        }
        records += count;
    }

    private void endBurst() {
        if (inBurst && warmupEndNanos < 0 && records >= warmupRecords) {
            warmupEndNanos = burstStartNanos;
            warmupEndRecords = records;
        }
        inBurst = false;
    }

    /** Output records seen so far. */
    long records() {
        return records;
    }

    /** Records counted in the timed span (after the warm-up burst, up to the end of the last burst). */
    long timedRecords() {
        endBurst();
        return warmupEndNanos < 0 || lastBurstStartNanos <= warmupEndNanos ? 0 : records - warmupEndRecords;
    }

    /** The timed span in seconds, 0 if there is none (the output ended with the warm-up). */
    double timedSeconds() {
        endBurst();
        return timedRecords() == 0 ? 0 : (lastBurstStartNanos - warmupEndNanos) / 1e9;
    }

    /** When the timed span starts (the start of the warm-up's last burst), in {@link #poll}'s time; -1 if not yet. */
    long timedSpanStartNanos() {
        endBurst();
        return warmupEndNanos;
    }

    /** Records per second over the timed span; 0 if there is none. */
    double recordsPerSecond() {
        double seconds = timedSeconds();
        return seconds <= 0 ? 0 : timedRecords() / seconds;
    }
}
