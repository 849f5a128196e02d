package dev.weir.api.connector;

/**
 * How fast a source may emit records in total, shared out over its parallel subtasks: e.g.
 * {@code RateLimiterStrategy.perSecond(1000)} with parallelism 4 lets each subtask emit 250 records/s.
 * Immutable; {@link #createRateLimiter} is called once per subtask.
 */
public interface RateLimiterStrategy {

    /** The limiter of one subtask of a source with {@code parallelism} subtasks. */
    RateLimiter createRateLimiter(int parallelism);

    /**
     * At most {@code recordsPerSecond} records per second over all subtasks, evenly spread;
     * {@code Double.POSITIVE_INFINITY} means no limit.
     */
    static RateLimiterStrategy perSecond(double recordsPerSecond) {
        if (!(recordsPerSecond > 0)) {
            throw new IllegalArgumentException("RateLimiterStrategy.perSecond(..) needs a positive number of records "
                    + "per second, was " + recordsPerSecond);
        }
        if (Double.isInfinite(recordsPerSecond)) {
            return noOp();
        }
        return parallelism -> new PerSecondRateLimiter(recordsPerSecond / parallelism);
    }

    /** No limit. */
    static RateLimiterStrategy noOp() {
        return parallelism -> PerSecondRateLimiter.UNLIMITED;
    }
}
