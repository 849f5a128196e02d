package dev.weir.flink.translate.window;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.flink.translate.PlanRef;

/**
 * A window's Weir aggregate function as Flink's, for Flink's incremental window path: holds only the plan reference
 * and node id. Flink does not open a window's aggregate function (it may not be rich), so the subtask's own copy of
 * the Weir function is taken on the first call; Flink deserializes one adapter per subtask.
 */
public final class AggregateAdapter implements org.apache.flink.api.common.functions.AggregateFunction<Object, Object, Object> {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient AggregateFunction<Object, Object, Object> aggregator;

    public AggregateAdapter(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @SuppressWarnings("unchecked")
    private AggregateFunction<Object, Object, Object> aggregator() {
        if (aggregator == null) {
            aggregator = dev.weir.runtime.FunctionCopies.perSubtaskCopy(
                    (AggregateFunction<Object, Object, Object>) WindowedNode.windowed(ref, nodeId).preAggregation());
        }
        return aggregator;
    }

    @Override
    public Object createAccumulator() {
        return aggregator().createAccumulator();
    }

    @Override
    public Object add(Object value, Object accumulator) {
        return aggregator().add(value, accumulator);
    }

    @Override
    public Object getResult(Object accumulator) {
        return aggregator().getResult(accumulator);
    }

    @Override
    public Object merge(Object a, Object b) {
        return aggregator().merge(a, b);
    }
}
