package dev.weir.runtime.operators;

import dev.weir.api.Collector;

/**
 * Emits every record it receives unchanged. The node where a side output stream starts (fed by its
 * producer's side output, chained to it) and where the job's dead letters are merged.
 */
public final class PassThroughOperator<T> implements StreamOperator<T> {
    private Collector<T> output;

    @Override
    public void open(OperatorContext context) {
        output = context.typedOutput();
    }

    @Override
    public void processElement(T record) {
        output.collect(record);
    }

    @Override
    public void close() {
    }
}
