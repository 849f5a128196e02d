package dev.weir.api.connector;

/**
 * Grants records evenly over the time since it was made (a slow start is caught up on), or
 * everything ({@link #UNLIMITED}).
 */
final class PerSecondRateLimiter implements RateLimiter {
    static final RateLimiter UNLIMITED = new RateLimiter() {
        @Override
        public long acquire(long wanted) {
            return wanted;
        }

        @Override
        public long nanosUntilPermit() {
            return 0;
        }
    };

    private final double nanosPerRecord;
    private final long startNanos = System.nanoTime();
    private long granted;

    PerSecondRateLimiter(double recordsPerSecond) {
        this.nanosPerRecord = 1e9 / recordsPerSecond;
    }

    @Override
    public long acquire(long wanted) {
        long due = (long) ((System.nanoTime() - startNanos) / nanosPerRecord) + 1 - granted;
        long grant = Math.max(0, Math.min(wanted, due));
        granted += grant;
        return grant;
    }

    @Override
    public long nanosUntilPermit() {
        return Math.max(10_000L, startNanos + (long) (granted * nanosPerRecord) - System.nanoTime());
    }
}
