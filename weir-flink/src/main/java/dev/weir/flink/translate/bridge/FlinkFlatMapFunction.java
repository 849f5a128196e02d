package dev.weir.flink.translate.bridge;

import dev.weir.api.functions.FlatMapFunction;
import dev.weir.flink.translate.PlanRef;
import org.apache.flink.util.Collector;

/** Flink's flatMap function of a translated Weir {@code flatMap}. */
public final class FlinkFlatMapFunction<I, O> extends FlinkRichFunction<FlatMapFunction<I, O>>
        implements org.apache.flink.api.common.functions.FlatMapFunction<I, O> {

    private static final long serialVersionUID = 1L;

    private transient FlatMapFunction<I, O> flatMapper;
    private transient WeirCollector<O> out;

    public FlinkFlatMapFunction(PlanRef ref, int nodeId) {
        super(ref, nodeId);
    }

    @Override
    protected void opened(FlatMapFunction<I, O> function) {
        flatMapper = function;
        out = new WeirCollector<>();
    }

    @Override
    public void flatMap(I value, Collector<O> flinkOut) throws Exception {
        flatMapper.flatMap(value, out.over(flinkOut));
    }
}
