package dev.weir.api;

/**
 * Settings of a job's execution that Flink keeps on {@code env.getConfig()}; Weir supports the
 * interval of periodic watermarks. Set it before {@code execute()}; a running job does not see
 * later changes.
 */
public class ExecutionConfig {
    /** The interval of periodic watermarks unless set, in milliseconds (Flink's default too). */
    public static final long DEFAULT_AUTO_WATERMARK_INTERVAL = 200;

    private long autoWatermarkInterval = DEFAULT_AUTO_WATERMARK_INTERVAL;

    /**
     * How often (milliseconds) watermark generators are asked for a periodic watermark
     * ({@code WatermarkGenerator.onPeriodicEmit}): in every source subtask for each of its splits, and
     * in every {@code assignTimestampsAndWatermarks} subtask. 0 turns periodic watermarks off (only
     * what generators emit in {@code onEvent}, and the final watermark of a bounded input).
     */
    public ExecutionConfig setAutoWatermarkInterval(long interval) {
        if (interval < 0) {
            throw new IllegalArgumentException("option autoWatermarkInterval must not be negative (0 turns periodic "
                    + "watermarks off), was " + interval);
        }
        this.autoWatermarkInterval = interval;
        return this;
    }

    /** The interval of periodic watermarks in milliseconds (default 200). */
    public long getAutoWatermarkInterval() {
        return autoWatermarkInterval;
    }
}
