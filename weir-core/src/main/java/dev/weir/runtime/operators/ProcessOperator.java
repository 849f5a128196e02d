package dev.weir.runtime.operators;

import dev.weir.api.OutputTag;
import dev.weir.api.functions.ProcessFunction;
import dev.weir.runtime.ProcessingTimeService;

public final class ProcessOperator<IN, OUT> extends FunctionOperator<IN, OUT, ProcessFunction<IN, OUT>>
        implements ProcessFunction.Context {
    private ProcessingTimeService timeService;
    private SideOutputs sideOutputs;

    public ProcessOperator(ProcessFunction<IN, OUT> function) {
        super(function);
    }

    @Override
    public void open(OperatorContext context) throws Exception {
        timeService = context.timeService();
        sideOutputs = context.sideOutputs();
        super.open(context);
    }

    @Override
    public void processElement(IN record) throws Exception {
        function.processElement(record, this, output);
    }

    @Override
    public long currentProcessingTime() {
        return timeService.currentTimeMillis();
    }

    @Override
    public <X> void output(OutputTag<X> outputTag, X value) {
        sideOutputs.forTag(outputTag).collect(value);
    }
}
