package dev.weir.flink.translate.window;

import dev.weir.api.functions.ReduceFunction;
import dev.weir.flink.translate.PlanRef;

/**
 * A window's Weir reduce function as Flink's, for Flink's incremental window path: holds only the plan reference and
 * node id. Flink does not open a window's reduce function (it may not be rich), so the subtask's own copy of the
 * Weir function is taken on the first call; Flink deserializes one adapter per subtask.
 */
public final class ReduceAdapter implements org.apache.flink.api.common.functions.ReduceFunction<Object> {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient ReduceFunction<Object> reducer;

    public ReduceAdapter(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object reduce(Object value1, Object value2) throws Exception {
        if (reducer == null) {
            reducer = dev.weir.runtime.FunctionCopies.perSubtaskCopy((ReduceFunction<Object>) WindowedNode.windowed(ref, nodeId).preAggregation());
        }
        return reducer.reduce(value1, value2);
    }
}
