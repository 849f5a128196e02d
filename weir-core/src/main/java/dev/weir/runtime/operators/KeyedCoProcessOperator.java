package dev.weir.runtime.operators;

import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.KeyedCoProcessFunction;
import dev.weir.runtime.RecordTimestamp;

/**
 * Runs a {@link KeyedCoProcessFunction}: sets the key of each record of either input (by that input's
 * key selector) as the current key of the operator's one keyed state backend, then calls the function;
 * state and timers are therefore shared by both inputs per key, checkpointed and rescaled by key
 * group as for {@link KeyedProcessOperator}. Timers (without a namespace) live in an
 * {@link InternalTimerService}; event-time timers fire when the combined watermark of both inputs
 * arrives, before it is forwarded. One context object serves every record and one every timer.
 */
public final class KeyedCoProcessOperator<K, IN1, IN2, OUT>
        extends CoFunctionOperator<IN1, IN2, OUT, KeyedCoProcessFunction<K, IN1, IN2, OUT>>
        implements Triggerable<K, Void> {
    private InternalTimerService<K, Void> timers;
    private KeyedTimerService<K> timerService;
    private SideOutputs sideOutputs;
    private RecordTimestamp timestamp;
    private KeyedCoProcessFunction<K, IN1, IN2, OUT>.Context context;
    private KeyedCoProcessFunction<K, IN1, IN2, OUT>.OnTimerContext timerContext;
    private TimeDomain firingDomain;
    private long firingTime;

    public KeyedCoProcessOperator(KeySelector<IN1, K> keySelector1, KeySelector<IN2, K> keySelector2,
                                  KeyedCoProcessFunction<K, IN1, IN2, OUT> function) {
        super(function, java.util.Objects.requireNonNull(keySelector1, "keySelector1"),
                java.util.Objects.requireNonNull(keySelector2, "keySelector2"));
    }

    @Override
    void beforeFunctionOpen(OperatorContext operatorContext) {
        super.beforeFunctionOpen(operatorContext);
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

            @Override
            public K getCurrentKey() {
                return currentKey();
            }
        };
        timerContext = function.new OnTimerContext() {
            @Override
            public TimeDomain timeDomain() {
                return firingDomain;
            }

            @Override
            public Long timestamp() {
                return firingTime; // the timer's time, in both domains (as in Flink)
            }

            @Override
            public TimerService timerService() {
                return timerService;
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                sideOutputs.forTag(outputTag).collect(value);
            }

            @Override
            public K getCurrentKey() {
                return currentKey();
            }
        };
        timers = InternalTimerService.create(keyedState, operatorContext, this);
        timerService = new KeyedTimerService<>(timers);
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
        timers.advanceWatermark(watermark);
    }

    @Override
    public void endInput() {
        timers.endInput();
    }

    @SuppressWarnings("unchecked")
    private K currentKey() {
        return (K) keyedState.getCurrentKey();
    }

    // Triggerable

    @Override
    public void onEventTime(InternalTimer<K, Void> timer) throws Exception {
        invokeOnTimer(TimeDomain.EVENT_TIME, timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<K, Void> timer) throws Exception {
        invokeOnTimer(TimeDomain.PROCESSING_TIME, timer.getTimestamp());
    }

    private void invokeOnTimer(TimeDomain domain, long time) throws Exception {
        firingDomain = domain;
        firingTime = time;
        function.onTimer(time, timerContext, output);
    }
}
