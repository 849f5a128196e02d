package dev.weir.flink.translate.twoinput;

import dev.weir.api.OutputTag;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.bridge.SideOutputTags;
import dev.weir.flink.translate.bridge.DelegatesToWeir;
import dev.weir.flink.translate.bridge.WeirFunction;
import dev.weir.flink.translate.bridge.WeirCollector;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.ProcessJoinFunction;
import org.apache.flink.util.Collector;

/** A Weir {@code ProcessJoinFunction} (interval join) as Flink's: holds the plan reference and node id. */
public final class ProcessJoinAdapter extends ProcessJoinFunction<Object, Object, Object>
        implements DelegatesToWeir {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient dev.weir.api.functions.ProcessJoinFunction<Object, Object, Object> function;
    private transient WeirFunction<dev.weir.api.functions.ProcessJoinFunction<Object, Object, Object>> weir;
    private transient WeirCollector<Object> out;
    private transient WeirContext context;

    public ProcessJoinAdapter(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @Override
    public WeirFunction<dev.weir.api.functions.ProcessJoinFunction<Object, Object, Object>> weir() {
        if (weir == null) {
            weir = WeirFunction.of(ref, nodeId, getRuntimeContext());
        }
        return weir;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        function = weir().open();
        out = new WeirCollector<>();
        context = new WeirContext(function, new SideOutputTags(ref));
    }

    @Override
    public void processElement(Object left, Object right, Context ctx, Collector<Object> collector) throws Exception {
        function.processElement(left, right, context.at(ctx), out.over(collector));
    }

    @Override
    public void close() throws Exception {
        WeirFunction.closeIfMade(weir);
    }

    private static final class WeirContext
            extends dev.weir.api.functions.ProcessJoinFunction<Object, Object, Object>.Context {
        private final SideOutputTags tags;
        private ProcessJoinFunction<Object, Object, Object>.Context flink;

        WeirContext(dev.weir.api.functions.ProcessJoinFunction<Object, Object, Object> function, SideOutputTags tags) {
            function.super();
            this.tags = tags;
        }

        WeirContext at(ProcessJoinFunction<Object, Object, Object>.Context context) {
            flink = context;
            return this;
        }

        @Override
        public long getLeftTimestamp() {
            return flink.getLeftTimestamp();
        }

        @Override
        public long getRightTimestamp() {
            return flink.getRightTimestamp();
        }

        @Override
        public long getTimestamp() {
            return flink.getTimestamp();
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            flink.output(tags.of(outputTag), value);
        }
    }
}
