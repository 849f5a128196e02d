package dev.weir.api.eventtime;

import java.time.Duration;

/**
 * Wraps a generator and marks its input idle when no record came for the idle timeout (measured
 * with a {@link RelativeClock}, checked at each periodic emit); the first record after that marks it
 * active again. While idle, the wrapped generator's periodic watermarks are not emitted.
 */
public class WatermarksWithIdleness<T> implements WatermarkGenerator<T> {
    private final WatermarkGenerator<T> watermarks;
    private final long idleTimeoutMillis;
    private final RelativeClock clock;
    private long lastActivity;
    private boolean idle;

    /** @param idleTimeout time without records after which the input counts as idle; positive */
    public WatermarksWithIdleness(WatermarkGenerator<T> watermarks, Duration idleTimeout, RelativeClock clock) {
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive: " + idleTimeout);
        }
        this.watermarks = watermarks;
        this.idleTimeoutMillis = idleTimeout.toMillis();
        this.clock = clock;
        this.lastActivity = clock.relativeTimeMillis();
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        lastActivity = clock.relativeTimeMillis();
        if (idle) {
            idle = false;
            output.markActive();
        }
        watermarks.onEvent(event, eventTimestamp, output);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (idle) {
            return;
        }
        if (clock.relativeTimeMillis() - lastActivity >= idleTimeoutMillis) {
            idle = true;
            output.markIdle();
        } else {
            watermarks.onPeriodicEmit(output);
        }
    }
}
