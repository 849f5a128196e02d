package dev.weir.runtime.operators;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.Sink;

/** Runs a {@link Sink}: its own {@code open(RuntimeContext)}/{@code close()} lifecycle, after {@code initializeState}. */
public final class SinkOperator<T> extends FunctionOperator<T, Void, Sink<T>> {
    public SinkOperator(Sink<T> sink) {
        super(sink);
    }

    @Override
    void openFunction(RuntimeContext runtimeContext) throws Exception {
        function.open(runtimeContext);
    }

    @Override
    void closeFunction() throws Exception {
        function.close();
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
