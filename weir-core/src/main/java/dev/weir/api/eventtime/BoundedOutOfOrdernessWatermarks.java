package dev.weir.api.eventtime;

import java.time.Duration;

/**
 * Watermarks for records that arrive at most a fixed time out of order: each periodic watermark is
 * the highest timestamp seen minus the bound, minus 1 ms (a record exactly at the bound is still on
 * time). Emits nothing before the first record.
 */
public class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {
    private final long outOfOrdernessMillis;
    private long maxTimestamp;

    /** @param maxOutOfOrderness how late a record may come after a later one; not negative */
    public BoundedOutOfOrdernessWatermarks(Duration maxOutOfOrderness) {
        if (maxOutOfOrderness == null || maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException("the maximum out-of-orderness must not be null nor negative: "
                    + maxOutOfOrderness);
        }
        this.outOfOrdernessMillis = maxOutOfOrderness.toMillis();
        // Start so low that "max - bound - 1" cannot overflow.
        this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMillis - 1));
    }
}
