package dev.weir.flink.window;

import dev.weir.api.eventtime.Watermark;
import dev.weir.api.eventtime.WatermarkGenerator;
import dev.weir.api.eventtime.WatermarkOutput;
import dev.weir.api.eventtime.WatermarkStrategy;

/** A test record: a key, an event time in ms and a value. */
public record Event(String key, long time, long value) {

    /**
     * Timestamps from {@link #time}, and a watermark right after every record, {@code lag} ms behind the largest
     * time seen: with one source subtask the watermarks a window operator sees do not depend on timing, so the
     * late records are the same on both engines.
     */
    public static WatermarkStrategy<Event> watermarks(long lag) {
        return WatermarkStrategy.<Event>forGenerator(context -> new WatermarkGenerator<>() {
            private long max = Long.MIN_VALUE + lag + 1;

            @Override
            public void onEvent(Event event, long eventTimestamp, WatermarkOutput output) {
                max = Math.max(max, eventTimestamp);
                output.emitWatermark(new Watermark(max - lag - 1));
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
            }
        }).withTimestampAssigner((event, previous) -> event.time());
    }
}
