package dev.weir.flink.translate.bridge;

import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.flink.translate.PlanRef;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.Collector;

/**
 * Flink's keyed process function of a translated Weir keyed {@code process} (also of a keyed {@code map},
 * {@code flatMap}, {@code filter} and the rolling aggregates, which Weir runs as keyed process functions): the Weir
 * function gets
 * Weir contexts over Flink's (timestamp, timer service, side outputs), made once and pointed at each call's Flink
 * context, so nothing is allocated per record. Serializable; holds only the plan ref and node id.
 */
public final class FlinkKeyedProcessFunction<K, I, O>
        extends org.apache.flink.streaming.api.functions.KeyedProcessFunction<K, I, O>
        implements CheckpointedFunction, CheckpointListener {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient WeirFunction<KeyedProcessFunction<K, I, O>> weir;
    private transient KeyedProcessFunction<K, I, O> function;
    private transient KeyedProcessFunction<K, I, O>.Context context;
    private transient KeyedProcessFunction<K, I, O>.OnTimerContext timerContext;
    private transient Context flinkContext;
    private transient OnTimerContext flinkTimerContext;
    private transient WeirTimerService timers;
    private transient SideOutputTags tags;
    private transient WeirCollector<O> out;

    public FlinkKeyedProcessFunction(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    private WeirFunction<KeyedProcessFunction<K, I, O>> weir() {
        if (weir == null) {
            weir = WeirFunction.of(ref, nodeId, getRuntimeContext());
        }
        return weir;
    }

    @Override
    public void initializeState(FunctionInitializationContext flink) throws Exception {
        weir().initializeState(flink);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        weir().open();
        function = weir.get();
        timers = new WeirTimerService();
        tags = new SideOutputTags(ref);
        out = new WeirCollector<>();
        context = function.new Context() {
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

            @Override
            public K getCurrentKey() {
                return flinkContext.getCurrentKey();
            }
        };
        timerContext = function.new OnTimerContext() {
            @Override
            public TimeDomain timeDomain() {
                return TimeDomains.of(flinkTimerContext.timeDomain());
            }

            @Override
            public Long timestamp() {
                return flinkTimerContext.timestamp();
            }

            @Override
            public TimerService timerService() {
                return timers.over(flinkTimerContext.timerService());
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                flinkTimerContext.output(tags.of(outputTag), value);
            }

            @Override
            public K getCurrentKey() {
                return flinkTimerContext.getCurrentKey();
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
        flinkTimerContext = ctx;
        function.onTimer(timestamp, timerContext, out.over(flinkOut));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext flink) throws Exception {
        weir().snapshotState(flink);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        weir().notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        weir().notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void close() throws Exception {
        if (weir != null) {
            weir.close();
        }
    }
}
