package dev.weir.flink.translate.twoinput;

import dev.weir.api.functions.CoMapFunction;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.functions.UserFunctions;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.RichCoMapFunction;

/** A Weir {@code CoMapFunction} as Flink's: holds the plan reference and node id; opens the subtask's copy. */
public final class CoMapAdapter extends RichCoMapFunction<Object, Object, Object> {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient CoMapFunction<Object, Object, Object> function;

    public CoMapAdapter(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        function = UserFunctions.openCopy(ref, nodeId, getRuntimeContext());
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
        if (function != null) {
            UserFunctions.close(function);
        }
    }
}
