package dev.weir.runtime.operators;

import dev.weir.api.Collector;

/**
 * Where an operator emits: records (with the current {@link dev.weir.runtime.RecordTimestamp}),
 * watermarks and its watermark status, in order. Implemented by the chain (to the next operators
 * and the outgoing channels) and by the test harness. Task thread only.
 */
public interface Output<T> extends Collector<T> {

    /** Event time has reached {@code watermark}: no record with a timestamp at or below it follows. */
    void emitWatermark(long watermark);

    /**
     * This output goes idle (emits no records nor watermarks for a while: consumers leave it out of
     * their minimum) or active again.
     */
    void emitWatermarkStatus(boolean idle);

    /** An output for records only: watermarks and statuses are dropped. */
    static <T> Output<T> ofRecords(Collector<T> records) {
        return new Output<>() {
            @Override
            public void collect(T record) {
                records.collect(record);
            }

            @Override
            public void emitWatermark(long watermark) {
            }

            @Override
            public void emitWatermarkStatus(boolean idle) {
            }
        };
    }
}
