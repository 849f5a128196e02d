package dev.weir.flink.translate.io;

import dev.weir.api.eventtime.Watermark;
import dev.weir.api.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * A Weir source's watermark strategy ({@code Transformation.watermarkStrategy()}) as a Flink one: a serializable
 * handle that takes the Weir strategy from the plan rebuilt in the TaskManager and wraps the generators and
 * timestamp assigners it creates. Flink applies it per split, as Weir's runtime does.
 */
final class WatermarkStrategyBridge<T> implements WatermarkStrategy<T> {

    private static final long serialVersionUID = 1L;

    private final SourceRef ref;

    WatermarkStrategyBridge(SourceRef ref) {
        this.ref = ref;
    }

    @SuppressWarnings("unchecked")
    private dev.weir.api.eventtime.WatermarkStrategy<T> weir() {
        return (dev.weir.api.eventtime.WatermarkStrategy<T>) ref.node().watermarkStrategy();
    }

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        dev.weir.api.eventtime.WatermarkGenerator<T> generator = weir().createWatermarkGenerator(
                () -> context.getInputActivityClock()::relativeTimeMillis);
        return new Generator<>(generator);
    }

    @Override
    public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        dev.weir.api.eventtime.TimestampAssigner<T> assigner = weir().createTimestampAssigner(
                new dev.weir.api.eventtime.TimestampAssignerSupplier.Context() {
                });
        return assigner::extractTimestamp;
    }

    /** A Weir generator emitting into Flink's output (the same output object each call, so one adapter is kept). */
    private static final class Generator<T> implements WatermarkGenerator<T>, WatermarkOutput {
        private final dev.weir.api.eventtime.WatermarkGenerator<T> weir;
        private org.apache.flink.api.common.eventtime.WatermarkOutput flink;

        Generator(dev.weir.api.eventtime.WatermarkGenerator<T> weir) {
            this.weir = weir;
        }

        @Override
        public void onEvent(T event, long eventTimestamp, org.apache.flink.api.common.eventtime.WatermarkOutput output) {
            flink = output;
            weir.onEvent(event, eventTimestamp, this);
        }

        @Override
        public void onPeriodicEmit(org.apache.flink.api.common.eventtime.WatermarkOutput output) {
            flink = output;
            weir.onPeriodicEmit(this);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            flink.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(watermark.getTimestamp()));
        }

        @Override
        public void markIdle() {
            flink.markIdle();
        }

        @Override
        public void markActive() {
            flink.markActive();
        }
    }
}
