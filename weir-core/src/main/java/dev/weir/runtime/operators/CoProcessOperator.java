package dev.weir.runtime.operators;

import dev.weir.api.OutputTag;
import dev.weir.api.TimerService;
import dev.weir.api.functions.CoProcessFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.runtime.RecordTimestamp;

/**
 * Runs a {@link CoProcessFunction}. Its timer service reads the clocks but refuses timers (they need
 * a {@code KeyedCoProcessFunction}); on keyed connected streams the function sees the keyed state of
 * each record's key. One context object serves every record.
 */
public final class CoProcessOperator<IN1, IN2, OUT>
        extends CoFunctionOperator<IN1, IN2, OUT, CoProcessFunction<IN1, IN2, OUT>> {
    private NonKeyedTimerService timerService;
    private SideOutputs sideOutputs;
    private RecordTimestamp timestamp;
    private CoProcessFunction<IN1, IN2, OUT>.Context context;

    public CoProcessOperator(CoProcessFunction<IN1, IN2, OUT> function, KeySelector<IN1, ?> keySelector1,
                             KeySelector<IN2, ?> keySelector2) {
        super(function, keySelector1, keySelector2);
    }

    @Override
    void beforeFunctionOpen(OperatorContext operatorContext) {
        super.beforeFunctionOpen(operatorContext);
        timerService = new NonKeyedTimerService(operatorContext.timeService(), "timers need a "
                + "KeyedCoProcessFunction: the CoProcessFunction " + function.getClass().getName() + " of "
                + info.describe() + " cannot register them; use "
                + "connect(..).keyBy(keySelector1, keySelector2).process(KeyedCoProcessFunction)");
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
    }

    @Override
    public void processElement1(IN1 record) throws Exception {
        setKeyOfFirst(record);
        function.processElement1(record, context, output);
    }

    @Override
    public void processElement2(IN2 record) throws Exception {
        setKeyOfSecond(record);
        function.processElement2(record, context, output);
    }

    @Override
    public void processWatermark(long watermark) {
        timerService.advanceWatermark(watermark);
    }
}
