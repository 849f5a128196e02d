package dev.weir.flink.translate.twoinput;

import dev.weir.api.functions.CoMapFunction;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.bridge.DelegatesToWeir;
import dev.weir.flink.translate.bridge.WeirFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.RichCoMapFunction;

/** A Weir {@code CoMapFunction} as Flink's: holds the plan reference and node id; opens the subtask's copy. */
public final class CoMapAdapter extends RichCoMapFunction<Object, Object, Object>
        implements DelegatesToWeir {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient CoMapFunction<Object, Object, Object> function;
    private transient WeirFunction<CoMapFunction<Object, Object, Object>> weir;

    public CoMapAdapter(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @Override
    public WeirFunction<CoMapFunction<Object, Object, Object>> weir() {
        if (weir == null) {
            weir = WeirFunction.of(ref, nodeId, getRuntimeContext());
        }
        return weir;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        function = weir().open();
    }

    @Override
    public Object map1(Object value) throws Exception {
        return function.map1(value);
    }

    @Override
    public Object map2(Object value) throws Exception {
        return function.map2(value);
    }

    @Override
    public void close() throws Exception {
        WeirFunction.closeIfMade(weir);
    }
}
