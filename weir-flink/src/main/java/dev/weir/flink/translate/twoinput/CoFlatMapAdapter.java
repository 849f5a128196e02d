package dev.weir.flink.translate.twoinput;

import dev.weir.api.functions.CoFlatMapFunction;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.bridge.DelegatesToWeir;
import dev.weir.flink.translate.bridge.WeirFunction;
import dev.weir.flink.translate.bridge.WeirCollector;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.RichCoFlatMapFunction;
import org.apache.flink.util.Collector;

/** A Weir {@code CoFlatMapFunction} as Flink's: holds the plan reference and node id; opens the subtask's copy. */
public final class CoFlatMapAdapter extends RichCoFlatMapFunction<Object, Object, Object>
        implements DelegatesToWeir {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient CoFlatMapFunction<Object, Object, Object> function;
    private transient WeirFunction<CoFlatMapFunction<Object, Object, Object>> weir;
    private transient WeirCollector<Object> out;

    public CoFlatMapAdapter(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @Override
    public WeirFunction<CoFlatMapFunction<Object, Object, Object>> weir() {
        if (weir == null) {
            weir = WeirFunction.of(ref, nodeId, getRuntimeContext());
        }
        return weir;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        function = weir().open();
        out = new WeirCollector<>();
    }

    @Override
    public void flatMap1(Object value, Collector<Object> collector) throws Exception {
        function.flatMap1(value, out.over(collector));
    }

    @Override
    public void flatMap2(Object value, Collector<Object> collector) throws Exception {
        function.flatMap2(value, out.over(collector));
    }

    @Override
    public void close() throws Exception {
        WeirFunction.closeIfMade(weir);
    }
}
