package dev.weir.runtime.operators;

import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.runtime.RecordTimestamp;
import dev.weir.state.KeyedStateBackend;

/**
 * Runs a {@link KeyedProcessFunction}: sets the record's key as the current key of the keyed
 * state backend, then calls the function. Its timers (event time and processing time, without a
 * namespace) live in an {@link InternalTimerService}; event-time timers fire when a watermark
 * arrives, before it is forwarded. One context object serves every record and one every timer.
 */
public final class KeyedProcessOperator<K, IN, OUT>
        extends FunctionOperator<IN, OUT, KeyedProcessFunction<K, IN, OUT>>
        implements Triggerable<K, Void>, KeyedOperator {

    private final KeySelector<IN, K> keySelector;
    private KeyedStateBackend backend;
    private InternalTimerService<K, Void> timers;
    private KeyedTimerService<K> timerService;
    private SideOutputs sideOutputs;
    private RecordTimestamp timestamp;
    private KeyedProcessFunction<K, IN, OUT>.Context context;
    private KeyedProcessFunction<K, IN, OUT>.OnTimerContext timerContext;
    private TimeDomain firingDomain;
    private long firingTime;

    public KeyedProcessOperator(KeySelector<IN, K> keySelector, KeyedProcessFunction<K, IN, OUT> function) {
        super(function);
        this.keySelector = keySelector;
    }

    @Override
    void beforeFunctionOpen(OperatorContext context) {
        backend = keyedState;
        sideOutputs = context.sideOutputs();
        timestamp = context.timestamp();
        this.context = function.new Context() {
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
        this.timerContext = function.new OnTimerContext() {
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
        timers = InternalTimerService.create(backend, context, this);
        timerService = new KeyedTimerService<>(timers);
    }

    @Override
    public void processElement(IN record) throws Exception {
        setCurrentKeyOf(keySelector, record, "the key selector");
        function.processElement(record, context, output);
    }

    @Override
    public void processElement(IN record, Object key, int keyGroup) throws Exception {
        backend.setCurrentKey(key, keyGroup); // the partitioner ran this operator's key selector already
        function.processElement(record, context, output);
    }

    @Override
    public KeySelector<?, ?> keySelectorOf(int input) {
        return keySelector;
    }

    @Override
    public void processWatermark(long watermark) {
        timers.advanceWatermark(watermark);
    }

    @Override
    public void endInput() throws Exception {
        timers.endInput();
    }

    /** The keyed state of this subtask (for tests). */
    @Override
    public KeyedStateBackend keyedStateBackend() {
        return backend;
    }

    @SuppressWarnings("unchecked")
    private K currentKey() {
        return (K) backend.getCurrentKey();
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
