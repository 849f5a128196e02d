package dev.weir.runtime.operators;

import dev.weir.api.Collector;
import dev.weir.api.functions.Function;
import dev.weir.runtime.StreamingRuntimeContext;
import dev.weir.runtime.TaskInfo;
import dev.weir.state.KeyedStateStore;

/** Shared lifecycle of operators that run one user function: open and close it with its context. */
abstract class FunctionOperator<IN, OUT, F extends Function> implements StreamOperator<IN> {
    protected final F function;
    protected Collector<OUT> output;
    protected TaskInfo info;

    FunctionOperator(F function) {
        this.function = function;
    }

    @Override
    public void open(OperatorContext context) throws Exception {
        this.output = context.typedOutput();
        this.info = context.info();
        function.open(new StreamingRuntimeContext(info, keyedState(context)));
    }

    /** The keyed state visible to the function; only keyed operators have one. */
    KeyedStateStore keyedState(OperatorContext context) {
        return null;
    }

    @Override
    public void close() throws Exception {
        function.close();
    }
}
