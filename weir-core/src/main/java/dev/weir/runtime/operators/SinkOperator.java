package dev.weir.runtime.operators;

import dev.weir.api.connector.Sink;

public final class SinkOperator<T> extends FunctionOperator<T, Void, Sink<T>> {
    public SinkOperator(Sink<T> sink) {
        super(sink);
    }

    @Override
    public void processElement(T record) throws Exception {
        function.write(record);
    }

    @Override
    public void endInput() throws Exception {
        function.finish();
    }
}
