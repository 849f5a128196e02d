package dev.weir.flink.translate.bridge;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.api.eventtime.RelativeClock;
import dev.weir.api.eventtime.Watermark;
import dev.weir.api.eventtime.WatermarkOutput;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Flink's watermark strategy of a Weir node: the watermark strategy of a source node, or the strategy of an
 * {@code assignTimestampsAndWatermarks} node. Serializable, it holds only the plan ref and node id; in the
 * TaskManager it runs the Weir strategy's timestamp assigner and watermark generator (found in the rebuilt plan)
 * over Flink's outputs and clocks. Used by the one-input translation and by the source translation.
 */
public final class FlinkWatermarks<T> implements WatermarkStrategy<T> {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;

    private FlinkWatermarks(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    /** The Flink strategy of node {@code nodeId} (a source or an {@code assignTimestampsAndWatermarks}). */
    public static <T> FlinkWatermarks<T> of(PlanRef ref, int nodeId) {
        return new FlinkWatermarks<>(ref, nodeId);
    }

    /** The Weir strategy of a source or {@code assignTimestampsAndWatermarks} node. */
    @SuppressWarnings("unchecked")
    public static <T> dev.weir.api.eventtime.WatermarkStrategy<T> weirStrategy(Transformation node) {
        if (node.kind() == Transformation.Kind.SOURCE) {
            return (dev.weir.api.eventtime.WatermarkStrategy<T>) node.watermarkStrategy();
        }
        if (node.operation() instanceof Operation.AssignTimestamps assign) {
            return (dev.weir.api.eventtime.WatermarkStrategy<T>) assign.strategy();
        }
        throw new IllegalStateException("operator " + node + " has no watermark strategy");
    }

    private dev.weir.api.eventtime.WatermarkStrategy<T> weir() {
        return weirStrategy(Plans.node(ref, nodeId));
    }

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        org.apache.flink.util.clock.RelativeClock flinkClock = context.getInputActivityClock();
        RelativeClock clock = new RelativeClock() {
            @Override
            public long relativeTimeMillis() {
                return flinkClock.relativeTimeMillis();
            }

            @Override
            public long relativeTimeNanos() {
                return flinkClock.relativeTimeNanos();
            }
        };
        return new Generator<>(weir().createWatermarkGenerator(() -> clock));
    }

    @Override
    public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        dev.weir.api.eventtime.TimestampAssigner<T> assigner = weir().createTimestampAssigner(
                new dev.weir.api.eventtime.TimestampAssignerSupplier.Context() {
                });
        return assigner::extractTimestamp;
    }

    /** Runs a Weir generator over Flink's watermark outputs (one Weir view per Flink output, made once). */
    private static final class Generator<T> implements WatermarkGenerator<T> {
        private final dev.weir.api.eventtime.WatermarkGenerator<T> weir;
        private org.apache.flink.api.common.eventtime.WatermarkOutput flinkOutput;
        private WatermarkOutput output;

        Generator(dev.weir.api.eventtime.WatermarkGenerator<T> weir) {
            this.weir = weir;
        }

        @Override
        public void onEvent(T event, long eventTimestamp,
                            org.apache.flink.api.common.eventtime.WatermarkOutput flink) {
            weir.onEvent(event, eventTimestamp, output(flink));
        }

        @Override
        public void onPeriodicEmit(org.apache.flink.api.common.eventtime.WatermarkOutput flink) {
            weir.onPeriodicEmit(output(flink));
        }

        private WatermarkOutput output(org.apache.flink.api.common.eventtime.WatermarkOutput flink) {
            if (flink != flinkOutput) {
                flinkOutput = flink;
                output = new WatermarkOutput() {
                    @Override
                    public void emitWatermark(Watermark watermark) {
                        flink.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(
                                watermark.getTimestamp()));
                    }

                    @Override
                    public void markIdle() {
                        flink.markIdle();
                    }

                    @Override
                    public void markActive() {
                        flink.markActive();
                    }
                };
            }
            return output;
        }
    }
}
