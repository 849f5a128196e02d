package dev.weir.api.eventtime;

/**
 * Where a {@link WatermarkGenerator} puts its watermarks and says whether its input is idle. Called
 * on the generator's task thread only.
 */
public interface WatermarkOutput {

    /**
     * Emits {@code watermark}. A watermark not above the last one emitted here is ignored (watermarks
     * never go backwards). Emitting also marks the output active.
     */
    void emitWatermark(Watermark watermark);

    /**
     * The input is idle: it is left out when the minimum watermark over the splits (or over a task's
     * inputs downstream) is computed, until it is {@link #markActive() active} again or emits.
     */
    void markIdle();

    /** The input is active again after {@link #markIdle()}. */
    void markActive();
}
