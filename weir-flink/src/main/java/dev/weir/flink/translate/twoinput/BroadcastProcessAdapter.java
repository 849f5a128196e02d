package dev.weir.flink.translate.twoinput;

import dev.weir.api.OutputTag;
import dev.weir.api.dag.Operation;
import dev.weir.api.state.BroadcastState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReadOnlyBroadcastState;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import dev.weir.flink.translate.bridge.SideOutputTags;
import dev.weir.flink.translate.bridge.DelegatesToWeir;
import dev.weir.flink.translate.bridge.WeirFunction;
import dev.weir.flink.translate.bridge.WeirCollector;
import dev.weir.api.dag.Transformation;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A Weir {@code BroadcastProcessFunction} as Flink's: holds the plan reference and node id; opens the subtask's copy,
 * whose broadcast states are Flink's (see {@link BroadcastStates}).
 */
public final class BroadcastProcessAdapter extends BroadcastProcessFunction<Object, Object, Object>
        implements DelegatesToWeir {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient dev.weir.api.functions.BroadcastProcessFunction<Object, Object, Object> function;
    private transient WeirFunction<dev.weir.api.functions.BroadcastProcessFunction<Object, Object, Object>> weir;
    private transient WeirCollector<Object> out;
    private transient WeirContext context;
    private transient WeirReadOnlyContext readOnlyContext;

    public BroadcastProcessAdapter(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @Override
    public WeirFunction<dev.weir.api.functions.BroadcastProcessFunction<Object, Object, Object>> weir() {
        if (weir == null) {
            weir = WeirFunction.of(ref, nodeId, getRuntimeContext());
        }
        return weir;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        function = weir().open();
        out = new WeirCollector<>();
        Transformation node = Plans.node(ref, nodeId);
        BroadcastStates states = BroadcastStates.of(ref, node, ((Operation.BroadcastProcess) node.operation()).descriptors());
        SideOutputTags tags = new SideOutputTags(ref);
        context = new WeirContext(function, tags, new BroadcastStateCache(states));
        readOnlyContext = new WeirReadOnlyContext(function, tags, new BroadcastStateCache(states));
    }

    @Override
    public void processElement(Object value, ReadOnlyContext ctx, Collector<Object> collector) throws Exception {
        function.processElement(value, readOnlyContext.at(ctx), out.over(collector));
    }

    @Override
    public void processBroadcastElement(Object value, Context ctx, Collector<Object> collector) throws Exception {
        function.processBroadcastElement(value, context.at(ctx), out.over(collector));
    }

    @Override
    public void close() throws Exception {
        WeirFunction.closeIfMade(weir);
    }

    private static final class WeirContext
            extends dev.weir.api.functions.BroadcastProcessFunction<Object, Object, Object>.Context {
        private final SideOutputTags tags;
        private final BroadcastStateCache states;
        private BroadcastProcessFunction<Object, Object, Object>.Context flink;

        WeirContext(dev.weir.api.functions.BroadcastProcessFunction<Object, Object, Object> function,
                    SideOutputTags tags, BroadcastStateCache states) {
            function.super();
            this.tags = tags;
            this.states = states;
        }

        WeirContext at(BroadcastProcessFunction<Object, Object, Object>.Context context) {
            flink = context;
            return this;
        }

        @Override
        public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> stateDescriptor) {
            return states.view(stateDescriptor.getName(), flink.getBroadcastState(states.flink(stateDescriptor)),
                    BroadcastStates::writable);
        }

        @Override
        public Long timestamp() {
            return flink.timestamp();
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            flink.output(tags.of(outputTag), value);
        }

        @Override
        public long currentProcessingTime() {
            return flink.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return flink.currentWatermark();
        }
    }

    private static final class WeirReadOnlyContext
            extends dev.weir.api.functions.BroadcastProcessFunction<Object, Object, Object>.ReadOnlyContext {
        private final SideOutputTags tags;
        private final BroadcastStateCache states;
        private BroadcastProcessFunction<Object, Object, Object>.ReadOnlyContext flink;

        WeirReadOnlyContext(dev.weir.api.functions.BroadcastProcessFunction<Object, Object, Object> function,
                            SideOutputTags tags, BroadcastStateCache states) {
            function.super();
            this.tags = tags;
            this.states = states;
        }

        WeirReadOnlyContext at(BroadcastProcessFunction<Object, Object, Object>.ReadOnlyContext context) {
            flink = context;
            return this;
        }

        @Override
        public <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> stateDescriptor) {
            return states.view(stateDescriptor.getName(), flink.getBroadcastState(states.flink(stateDescriptor)),
                    BroadcastStates::readOnly);
        }

        @Override
        public Long timestamp() {
            return flink.timestamp();
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            flink.output(tags.of(outputTag), value);
        }

        @Override
        public long currentProcessingTime() {
            return flink.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return flink.currentWatermark();
        }
    }
}
