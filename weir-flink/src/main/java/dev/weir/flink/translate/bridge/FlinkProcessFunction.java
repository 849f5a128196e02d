package dev.weir.flink.translate.bridge;

import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;
import dev.weir.api.functions.ProcessFunction;
import dev.weir.flink.translate.PlanRef;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.util.Collector;

/**
 * Flink's process function of a translated Weir {@code process} on a non-keyed stream: the Weir function gets
 * Weir contexts over Flink's (timestamp, timer service, side outputs), made once and pointed at each call's Flink
 * context, so nothing is allocated per record. Serializable; holds only the plan ref and node id.
 */
public final class FlinkProcessFunction<I, O> extends org.apache.flink.streaming.api.functions.ProcessFunction<I, O>
        implements DelegatesToWeir {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient WeirFunction<ProcessFunction<I, O>> weir;
    private transient ProcessFunction<I, O> function;
    // one Weir context serves processElement and onTimer (Weir's OnTimerContext is a Context)
    private transient ProcessFunction<I, O>.OnTimerContext context;
    private transient Context flinkContext; // an OnTimerContext during onTimer
    private transient WeirTimerService timers;
    private transient SideOutputTags tags;
    private transient WeirCollector<O> out;

    public FlinkProcessFunction(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @Override
    public WeirFunction<ProcessFunction<I, O>> weir() {
        if (weir == null) {
            weir = WeirFunction.of(ref, nodeId, getRuntimeContext());
        }
        return weir;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        function = weir().open();
        timers = new WeirTimerService();
        tags = new SideOutputTags(ref);
        out = new WeirCollector<>();
        context = function.new OnTimerContext() {
            @Override
            public TimeDomain timeDomain() {
                return TimeDomains.of(((OnTimerContext) flinkContext).timeDomain());
            }

            @Override
            public Long timestamp() {
                return flinkContext.timestamp();
            }

            @Override
            public TimerService timerService() {
                return timers.over(flinkContext.timerService());
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                flinkContext.output(tags.of(outputTag), value);
            }
        };
    }

    @Override
    public void processElement(I value, Context ctx, Collector<O> flinkOut) throws Exception {
        flinkContext = ctx;
        function.processElement(value, context, out.over(flinkOut));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> flinkOut) throws Exception {
        flinkContext = ctx;
        function.onTimer(timestamp, context, out.over(flinkOut));
    }

    @Override
    public void close() throws Exception {
        WeirFunction.closeIfMade(weir);
    }
}
