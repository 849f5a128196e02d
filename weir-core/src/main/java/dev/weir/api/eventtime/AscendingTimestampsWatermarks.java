package dev.weir.api.eventtime;

import java.time.Duration;

/**
 * Watermarks for records whose timestamps never decrease: bounded out-of-orderness with a bound of 0
 * (the watermark trails the highest timestamp by 1 ms).
 */
public class AscendingTimestampsWatermarks<T> extends BoundedOutOfOrdernessWatermarks<T> {
    public AscendingTimestampsWatermarks() {
        super(Duration.ZERO);
    }
}
