package dev.weir.runtime.operators;

import dev.weir.api.OutputTag;
import dev.weir.api.functions.BroadcastProcessFunction;
import dev.weir.api.state.BroadcastState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReadOnlyBroadcastState;
import dev.weir.runtime.RecordTimestamp;
import java.util.List;

/**
 * Runs a {@link BroadcastProcessFunction}: records of input 1 go to {@code processElement} with a
 * read-only context, broadcast records of input 2 to {@code processBroadcastElement} with a writable
 * one. No keyed state and no timers. One context object of each kind serves every record.
 */
public final class BroadcastProcessOperator<IN1, IN2, OUT>
        extends BroadcastOperator<IN1, IN2, OUT, BroadcastProcessFunction<IN1, IN2, OUT>> {
    private NonKeyedTimerService clock;
    private BroadcastProcessFunction<IN1, IN2, OUT>.ReadOnlyContext readOnlyContext;
    private BroadcastProcessFunction<IN1, IN2, OUT>.Context context;

    public BroadcastProcessOperator(BroadcastProcessFunction<IN1, IN2, OUT> function,
                                    List<MapStateDescriptor<?, ?>> descriptors) {
        super(function, descriptors);
    }

    @Override
    void beforeFunctionOpen(OperatorContext operatorContext) {
        super.beforeFunctionOpen(operatorContext);
        clock = new NonKeyedTimerService(operatorContext.timeService(), "a BroadcastProcessFunction has no timers");
        SideOutputs sideOutputs = operatorContext.sideOutputs();
        RecordTimestamp timestamp = operatorContext.timestamp();
        readOnlyContext = function.new ReadOnlyContext() {
            @Override
            public <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
                return broadcastState(descriptor, false);
            }

            @Override
            public Long timestamp() {
                return timestamp.boxed();
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                sideOutputs.forTag(outputTag).collect(value);
            }

            @Override
            public long currentProcessingTime() {
                return clock.currentProcessingTime();
            }

            @Override
            public long currentWatermark() {
                return clock.currentWatermark();
            }
        };
        context = function.new Context() {
            @Override
            public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
                return broadcastState(descriptor, true);
            }

            @Override
            public Long timestamp() {
                return timestamp.boxed();
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                sideOutputs.forTag(outputTag).collect(value);
            }

            @Override
            public long currentProcessingTime() {
                return clock.currentProcessingTime();
            }

            @Override
            public long currentWatermark() {
                return clock.currentWatermark();
            }
        };
    }

    @Override
    public void processElement1(IN1 record) throws Exception {
        function.processElement(record, readOnlyContext, output);
    }

    @Override
    public void processElement2(IN2 record) throws Exception {
        function.processBroadcastElement(record, context, output);
    }

    @Override
    public void processWatermark(long watermark) {
        clock.advanceWatermark(watermark);
    }

    @Override
    public boolean isKeyed() {
        return false;
    }
}
