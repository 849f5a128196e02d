package dev.weir.flink.translate.bridge;

import dev.weir.api.functions.FilterFunction;
import dev.weir.flink.translate.PlanRef;

/** Flink's filter function of a translated Weir {@code filter}. */
public final class FlinkFilterFunction<T> extends FlinkRichFunction<FilterFunction<T>>
        implements org.apache.flink.api.common.functions.FilterFunction<T> {

    private static final long serialVersionUID = 1L;

    private transient FilterFunction<T> filter;

    public FlinkFilterFunction(PlanRef ref, int nodeId) {
        super(ref, nodeId);
    }

    @Override
    protected void opened(FilterFunction<T> function) {
        filter = function;
    }

    @Override
    public boolean filter(T value) throws Exception {
        return filter.filter(value);
    }
}
