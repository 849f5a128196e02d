package dev.weir.flink.translate.twoinput;

import dev.weir.api.OutputTag;
import dev.weir.api.TimerService;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.bridge.SideOutputTags;
import dev.weir.flink.translate.bridge.DelegatesToWeir;
import dev.weir.flink.translate.bridge.WeirFunction;
import dev.weir.flink.translate.bridge.WeirCollector;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.CoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A Weir {@code CoProcessFunction} as Flink's: holds the plan reference and node id; opens the subtask's copy. As on
 * Weir's runtime, it cannot register timers (also on keyed connected streams: timers are for
 * {@code KeyedCoProcessFunction}); its timer service reads the clocks.
 */
public final class CoProcessAdapter extends CoProcessFunction<Object, Object, Object>
        implements DelegatesToWeir {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient dev.weir.api.functions.CoProcessFunction<Object, Object, Object> function;
    private transient WeirFunction<dev.weir.api.functions.CoProcessFunction<Object, Object, Object>> weir;
    private transient WeirCollector<Object> out;
    private transient WeirContext context;

    public CoProcessAdapter(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @Override
    public WeirFunction<dev.weir.api.functions.CoProcessFunction<Object, Object, Object>> weir() {
        if (weir == null) {
            weir = WeirFunction.of(ref, nodeId, getRuntimeContext());
        }
        return weir;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        function = weir().open();
        out = new WeirCollector<>();
        context = new WeirContext(function, new SideOutputTags(ref), nodeId);
    }

    @Override
    public void processElement1(Object value, Context ctx, Collector<Object> collector) throws Exception {
        function.processElement1(value, context.at(ctx), out.over(collector));
    }

    @Override
    public void processElement2(Object value, Context ctx, Collector<Object> collector) throws Exception {
        function.processElement2(value, context.at(ctx), out.over(collector));
    }

    @Override
    public void close() throws Exception {
        WeirFunction.closeIfMade(weir);
    }

    private static final class WeirContext
            extends dev.weir.api.functions.CoProcessFunction<Object, Object, Object>.Context {
        private final SideOutputTags tags;
        private final ClockOnlyTimerService timers;
        private CoProcessFunction<Object, Object, Object>.Context flink;

        WeirContext(dev.weir.api.functions.CoProcessFunction<Object, Object, Object> function, SideOutputTags tags,
                    int nodeId) {
            function.super();
            this.tags = tags;
            this.timers = new ClockOnlyTimerService("a CoProcessFunction (node " + nodeId + ") cannot register "
                    + "timers; use connect(..).keyBy(..).process(KeyedCoProcessFunction)");
        }

        WeirContext at(CoProcessFunction<Object, Object, Object>.Context context) {
            flink = context;
            timers.flink = context.timerService();
            return this;
        }

        @Override
        public Long timestamp() {
            return flink.timestamp();
        }

        @Override
        public TimerService timerService() {
            return timers;
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            flink.output(tags.of(outputTag), value);
        }
    }

    /** Reads Flink's clocks; refuses timers, as Weir's non-keyed timer service does. */
    private static final class ClockOnlyTimerService implements TimerService {
        private final String refusal;
        private org.apache.flink.streaming.api.TimerService flink;

        ClockOnlyTimerService(String refusal) {
            this.refusal = refusal;
        }

        @Override
        public long currentProcessingTime() {
            return flink.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return flink.currentWatermark();
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            throw new UnsupportedOperationException(refusal);
        }

        @Override
        public void registerEventTimeTimer(long time) {
            throw new UnsupportedOperationException(refusal);
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            throw new UnsupportedOperationException(refusal);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            throw new UnsupportedOperationException(refusal);
        }
    }
}
