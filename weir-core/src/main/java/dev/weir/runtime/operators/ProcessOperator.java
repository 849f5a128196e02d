package dev.weir.runtime.operators;

import dev.weir.api.OutputTag;
import dev.weir.api.TimerService;
import dev.weir.api.functions.ProcessFunction;

/**
 * Runs a {@link ProcessFunction} on a non-keyed stream. Its timer service reads the clocks but
 * refuses timers, which need keyed state to live in. One context object serves every record.
 */
public final class ProcessOperator<IN, OUT> extends FunctionOperator<IN, OUT, ProcessFunction<IN, OUT>> {
    private NonKeyedTimerService timerService;
    private SideOutputs sideOutputs;
    private ProcessFunction<IN, OUT>.Context context;
    private dev.weir.runtime.RecordTimestamp timestamp;

    public ProcessOperator(ProcessFunction<IN, OUT> function) {
        super(function);
    }

    @Override
    public void open(OperatorContext operatorContext) throws Exception {
        timerService = new NonKeyedTimerService(operatorContext.timeService(), "timers are only supported on keyed "
                + "streams: the ProcessFunction " + function.getClass().getName() + " of "
                + operatorContext.info().describe() + " runs on a non-keyed stream; apply keyBy(..) and use a "
                + "KeyedProcessFunction to register timers");
        sideOutputs = operatorContext.sideOutputs();
        timestamp = operatorContext.timestamp();
        context = function.new Context() {
            @Override
            public Long timestamp() {
                return timestamp.boxed();
            }

            @Override
            public TimerService timerService() {
                return timerService;
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                sideOutputs.forTag(outputTag).collect(value);
            }
        };
        super.open(operatorContext);
    }

    @Override
    public void processElement(IN record) throws Exception {
        function.processElement(record, context, output);
    }

    @Override
    public void processWatermark(long watermark) {
        timerService.advanceWatermark(watermark);
    }
}
