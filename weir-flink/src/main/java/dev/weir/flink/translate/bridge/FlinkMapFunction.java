package dev.weir.flink.translate.bridge;

import dev.weir.api.functions.MapFunction;
import dev.weir.flink.translate.PlanRef;

/** Flink's map function of a translated Weir {@code map}. */
public final class FlinkMapFunction<I, O> extends FlinkRichFunction<MapFunction<I, O>>
        implements org.apache.flink.api.common.functions.MapFunction<I, O> {

    private static final long serialVersionUID = 1L;

    private transient MapFunction<I, O> mapper;

    public FlinkMapFunction(PlanRef ref, int nodeId) {
        super(ref, nodeId);
    }

    @Override
    protected void opened(MapFunction<I, O> function) {
        mapper = function;
    }

    @Override
    public O map(I value) throws Exception {
        return mapper.map(value);
    }
}
