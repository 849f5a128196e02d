package dev.weir.flink.translate.twoinput;

import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;
import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.api.state.BroadcastState;
import dev.weir.api.state.KeyedStateFunction;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReadOnlyBroadcastState;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import dev.weir.flink.translate.bridge.SideOutputTags;
import dev.weir.flink.translate.bridge.DelegatesToWeir;
import dev.weir.flink.translate.bridge.WeirFunction;
import dev.weir.flink.translate.bridge.WeirKeyedStateStore;
import dev.weir.flink.translate.functions.StatesByDescriptor;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.flink.translate.bridge.TimeDomains;
import dev.weir.flink.translate.bridge.WeirTimerService;
import dev.weir.flink.translate.bridge.WeirCollector;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A Weir {@code KeyedBroadcastProcessFunction} as Flink's: holds the plan reference and node id; opens the
 * subtask's copy, whose keyed state, timers and broadcast states are Flink's.
 */
public final class KeyedBroadcastProcessAdapter extends KeyedBroadcastProcessFunction<Object, Object, Object, Object>
        implements DelegatesToWeir {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient dev.weir.api.functions.KeyedBroadcastProcessFunction<Object, Object, Object, Object> function;
    private transient WeirFunction<dev.weir.api.functions.KeyedBroadcastProcessFunction<Object, Object, Object, Object>> weir;
    private transient WeirCollector<Object> out;
    private transient WeirContext context;
    private transient WeirReadOnlyContext readOnlyContext;

    public KeyedBroadcastProcessAdapter(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @Override
    public WeirFunction<dev.weir.api.functions.KeyedBroadcastProcessFunction<Object, Object, Object, Object>> weir() {
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
        context = new WeirContext(function, tags, new BroadcastStateCache(states), ref,
                WeirKeyedStateStore.of(ref, getRuntimeContext()));
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
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Object> collector) throws Exception {
        function.onTimer(timestamp, readOnlyContext.at(ctx), out.over(collector));
    }

    @Override
    public void close() throws Exception {
        WeirFunction.closeIfMade(weir);
    }

    private static final class WeirContext
            extends dev.weir.api.functions.KeyedBroadcastProcessFunction<Object, Object, Object, Object>.Context {
        private final SideOutputTags tags;
        private final BroadcastStateCache states;
        private final PlanRef ref;
        private final KeyedStateStore keyedState;
        private KeyedBroadcastProcessFunction<Object, Object, Object, Object>.Context flink;

        WeirContext(dev.weir.api.functions.KeyedBroadcastProcessFunction<Object, Object, Object, Object> function,
                    SideOutputTags tags, BroadcastStateCache states, PlanRef ref, KeyedStateStore keyedState) {
            function.super();
            this.tags = tags;
            this.states = states;
            this.ref = ref;
            this.keyedState = keyedState;
        }

        WeirContext at(KeyedBroadcastProcessFunction<Object, Object, Object, Object>.Context context) {
            flink = context;
            return this;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public <S extends State> void applyToKeyedState(StateDescriptor stateDescriptor,
                                                        KeyedStateFunction<Object, S> function) throws Exception {
            // Flink makes each key current before calling back, so the Weir state of the runtime context is that key's
            flink.applyToKeyedState((org.apache.flink.api.common.state.StateDescriptor) StatesByDescriptor.flink(ref,
                    stateDescriptor), (key, state) -> function.process(key,
                    (S) StatesByDescriptor.state(keyedState, stateDescriptor)));
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

    /** Weir's read-only context of both processElement and onTimer (Weir's OnTimerContext is a ReadOnlyContext). */
    private static final class WeirReadOnlyContext
            extends dev.weir.api.functions.KeyedBroadcastProcessFunction<Object, Object, Object, Object>.OnTimerContext {
        private final SideOutputTags tags;
        private final BroadcastStateCache states;
        // an OnTimerContext during onTimer
        private KeyedBroadcastProcessFunction<Object, Object, Object, Object>.ReadOnlyContext flink;
        private final WeirTimerService timers = new WeirTimerService();

        WeirReadOnlyContext(dev.weir.api.functions.KeyedBroadcastProcessFunction<Object, Object, Object, Object> function,
                            SideOutputTags tags, BroadcastStateCache states) {
            function.super();
            this.tags = tags;
            this.states = states;
        }

        WeirReadOnlyContext at(KeyedBroadcastProcessFunction<Object, Object, Object, Object>.ReadOnlyContext context) {
            flink = context;
            return this;
        }

        @Override
        public TimeDomain timeDomain() {
            return TimeDomains.of(
                    ((KeyedBroadcastProcessFunction<Object, Object, Object, Object>.OnTimerContext) flink).timeDomain());
        }

        @Override
        public <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> stateDescriptor) {
            return states.view(stateDescriptor.getName(), flink.getBroadcastState(states.flink(stateDescriptor)),
                    BroadcastStates::readOnly);
        }

        @Override
        public TimerService timerService() {
            return timers.over(flink.timerService());
        }

        @Override
        public Object getCurrentKey() {
            return flink.getCurrentKey();
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
