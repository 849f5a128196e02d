package dev.weir.flink.translate.twoinput;

import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.bridge.SideOutputTags;
import dev.weir.flink.translate.bridge.DelegatesToWeir;
import dev.weir.flink.translate.bridge.WeirFunction;
import dev.weir.flink.translate.bridge.TimeDomains;
import dev.weir.flink.translate.bridge.WeirTimerService;
import dev.weir.flink.translate.bridge.WeirCollector;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A Weir {@code KeyedCoProcessFunction} as Flink's: holds the plan reference and node id; opens the subtask's copy,
 * whose keyed state and timers are Flink's.
 */
public final class KeyedCoProcessAdapter extends KeyedCoProcessFunction<Object, Object, Object, Object>
        implements DelegatesToWeir {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient dev.weir.api.functions.KeyedCoProcessFunction<Object, Object, Object, Object> function;
    private transient WeirFunction<dev.weir.api.functions.KeyedCoProcessFunction<Object, Object, Object, Object>> weir;
    private transient WeirCollector<Object> out;
    private transient WeirContext context;

    public KeyedCoProcessAdapter(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @Override
    public WeirFunction<dev.weir.api.functions.KeyedCoProcessFunction<Object, Object, Object, Object>> weir() {
        if (weir == null) {
            weir = WeirFunction.of(ref, nodeId, getRuntimeContext());
        }
        return weir;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        function = weir().open();
        out = new WeirCollector<>();
        SideOutputTags tags = new SideOutputTags(ref);
        context = new WeirContext(function, tags);
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
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Object> collector) throws Exception {
        function.onTimer(timestamp, context.at(ctx), out.over(collector));
    }

    @Override
    public void close() throws Exception {
        WeirFunction.closeIfMade(weir);
    }

    /** Weir's context of both processElement and onTimer (Weir's OnTimerContext is a Context), aimed at each call's. */
    private static final class WeirContext
            extends dev.weir.api.functions.KeyedCoProcessFunction<Object, Object, Object, Object>.OnTimerContext {
        private final SideOutputTags tags;
        private KeyedCoProcessFunction<Object, Object, Object, Object>.Context flink; // an OnTimerContext in onTimer
        private final WeirTimerService timers = new WeirTimerService();

        WeirContext(dev.weir.api.functions.KeyedCoProcessFunction<Object, Object, Object, Object> function,
                    SideOutputTags tags) {
            function.super();
            this.tags = tags;
        }

        WeirContext at(KeyedCoProcessFunction<Object, Object, Object, Object>.Context context) {
            flink = context;
            return this;
        }

        @Override
        public Long timestamp() {
            return flink.timestamp();
        }

        @Override
        public TimerService timerService() {
            return timers.over(flink.timerService());
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            flink.output(tags.of(outputTag), value);
        }

        @Override
        public Object getCurrentKey() {
            return flink.getCurrentKey();
        }

        @Override
        public TimeDomain timeDomain() {
            return TimeDomains.of(
                    ((KeyedCoProcessFunction<Object, Object, Object, Object>.OnTimerContext) flink).timeDomain());
        }
    }
}
