package dev.weir.runtime.operators;

import dev.weir.api.functions.ProcessFunction;
import dev.weir.runtime.ProcessingTimeService;

public final class ProcessOperator<IN, OUT> extends FunctionOperator<IN, OUT, ProcessFunction<IN, OUT>>
        implements ProcessFunction.Context {
    private ProcessingTimeService timeService;

    public ProcessOperator(ProcessFunction<IN, OUT> function) {
        super(function);
    }

    @Override
    public void open(OperatorContext context) throws Exception {
        timeService = context.timeService();
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
}
