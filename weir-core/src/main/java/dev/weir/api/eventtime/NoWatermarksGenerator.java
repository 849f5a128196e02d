package dev.weir.api.eventtime;

/** Emits no watermarks (the generator of {@link WatermarkStrategy#noWatermarks()}). */
public final class NoWatermarksGenerator<E> implements WatermarkGenerator<E> {
    @Override
    public void onEvent(E event, long eventTimestamp, WatermarkOutput output) {
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
    }
}
