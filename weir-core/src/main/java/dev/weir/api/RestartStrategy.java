package dev.weir.api;

import java.time.Duration;

/**
 * What the job does when a task fails: restart every task from the latest completed checkpoint
 * (or from the beginning if there is none yet), or give up. The default is {@link #none()}.
 *
 * <p>Any exception or {@code Error} on any thread of the job (a task, the checkpoint coordinator,
 * a snapshot writer, the timer thread) is a failure that this strategy may restart, with one
 * exception: a failure caused by an {@link OutOfMemoryError} is <b>never restarted</b>. A restart
 * in the JVM that just ran out of heap would hold the same state and run out again; the job fails
 * at once with an {@code OutOfMemoryError} naming the maximum heap — give the JVM more heap
 * ({@code -Xmx}) and restore from the last completed checkpoint. Nor is a failure to read the
 * checkpoint a restart would start from (a missing, truncated or corrupt file): it would fail the
 * same way every time; the job fails at once with a message naming the file and the choices.
 */
public sealed interface RestartStrategy {

    /** Fail the job at the first task failure. */
    static RestartStrategy none() {
        return new None();
    }

    /** Restart up to {@code maxAttempts} times, waiting {@code delay} before each. */
    static RestartStrategy fixedDelay(int maxAttempts, Duration delay) {
        return new FixedDelay(maxAttempts, delay);
    }

    /** Restart up to {@code maxAttempts} times, waiting {@code initial}, doubling up to {@code max}. */
    static RestartStrategy exponentialBackoff(int maxAttempts, Duration initial, Duration max) {
        return new ExponentialBackoff(maxAttempts, initial, max, 2.0);
    }

    /**
     * Restart up to {@code maxAttempts} times, waiting {@code initial}, then each time {@code multiplier}
     * (at least 1) times longer, up to {@code max}. Flink's {@code exponential-delay} (without jitter).
     */
    static RestartStrategy exponentialBackoff(int maxAttempts, Duration initial, Duration max, double multiplier) {
        return new ExponentialBackoff(maxAttempts, initial, max, multiplier);
    }

    /** The delay before restart number {@code attempt} (1-based), or null to give up. */
    Duration delayBeforeAttempt(int attempt);

    record None() implements RestartStrategy {
        @Override
        public Duration delayBeforeAttempt(int attempt) {
            return null;
        }
    }

    record FixedDelay(int maxAttempts, Duration delay) implements RestartStrategy {
        public FixedDelay {
            if (maxAttempts < 0 || delay.isNegative()) {
                throw new IllegalArgumentException("restart strategy: maxAttempts and delay must not be negative");
            }
        }

        @Override
        public Duration delayBeforeAttempt(int attempt) {
            return attempt <= maxAttempts ? delay : null;
        }
    }

    record ExponentialBackoff(int maxAttempts, Duration initial, Duration max, double multiplier)
            implements RestartStrategy {
        public ExponentialBackoff {
            if (maxAttempts < 0 || initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("restart strategy: need maxAttempts >= 0 and 0 <= initial <= max");
            }
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("restart strategy: the backoff multiplier must be at least 1, was "
                        + multiplier);
            }
        }

        @Override
        public Duration delayBeforeAttempt(int attempt) {
            if (attempt > maxAttempts) {
                return null;
            }
            double nanos = initial.toNanos() * Math.pow(multiplier, attempt - 1);
            return nanos >= max.toNanos() || Double.isNaN(nanos) ? max : Duration.ofNanos((long) nanos);
        }
    }
}
