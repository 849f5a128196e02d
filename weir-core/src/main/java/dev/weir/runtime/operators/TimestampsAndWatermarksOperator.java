package dev.weir.runtime.operators;

import dev.weir.api.eventtime.WatermarkStrategy;

/**
 * {@code assignTimestampsAndWatermarks(strategy)}: gives each record the timestamp of the strategy's
 * assigner and makes watermarks with one generator for the subtask (periodic ones every
 * auto-watermark interval). Watermarks from upstream are not passed on, except the final
 * {@code Long.MAX_VALUE} at the end of a bounded input; upstream idleness is not passed on either
 * (the strategy's {@code withIdleness} decides). Stateless; chained to its input.
 */
public final class TimestampsAndWatermarksOperator<T> implements StreamOperator<T> {
    private final WatermarkStrategy<T> strategy;
    private SplitWatermarks<T> watermarks;

    public TimestampsAndWatermarksOperator(WatermarkStrategy<T> strategy) {
        this.strategy = strategy;
    }

    @Override
    public void open(OperatorContext context) {
        watermarks = new SplitWatermarks<>(strategy, context);
        watermarks.start();
    }

    @Override
    public void processElement(T record) {
        watermarks.collect(record);
    }

    @Override
    public void processWatermark(long watermark) {
        if (watermark == Long.MAX_VALUE) {
            watermarks.endInput();
        }
    }

    @Override
    public boolean forwardsWatermarks() {
        return false;
    }

    @Override
    public void endInput() {
        watermarks.endInput();
    }

    @Override
    public void close() {
    }
}
