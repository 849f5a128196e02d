package dev.weir.runtime.operators;

import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.KeyedBroadcastProcessFunction;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.BroadcastState;
import dev.weir.api.state.KeyedStateFunction;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReadOnlyBroadcastState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.runtime.RecordTimestamp;
import java.util.List;

/**
 * Runs a {@link KeyedBroadcastProcessFunction}: each keyed record of input 1 has its key (by the keyed
 * stream's selector) made current in the operator's keyed state backend, then goes to
 * {@code processElement} with a read-only context and the key's timers; broadcast records of input 2
 * go to {@code processBroadcastElement} with a writable context, whose {@code applyToKeyedState} walks
 * the keys of the backend ({@link dev.weir.state.KeyedStateBackend#keys}). Timers (without a namespace)
 * live in an {@link InternalTimerService}, event-time ones fire on the combined watermark, as for
 * {@link KeyedCoProcessOperator}. One context object of each kind serves every call.
 */
public final class KeyedBroadcastProcessOperator<K, IN1, IN2, OUT>
        extends BroadcastOperator<IN1, IN2, OUT, KeyedBroadcastProcessFunction<K, IN1, IN2, OUT>>
        implements Triggerable<K, Void> {
    private final KeySelector<IN1, K> keySelector;
    private InternalTimerService<K, Void> timers;
    private KeyedTimerService<K> timerService;
    private SideOutputs sideOutputs;
    private RecordTimestamp timestamp;
    private KeyedBroadcastProcessFunction<K, IN1, IN2, OUT>.ReadOnlyContext readOnlyContext;
    private KeyedBroadcastProcessFunction<K, IN1, IN2, OUT>.Context context;
    private KeyedBroadcastProcessFunction<K, IN1, IN2, OUT>.OnTimerContext timerContext;
    private TimeDomain firingDomain;
    private long firingTime;

    public KeyedBroadcastProcessOperator(KeySelector<IN1, K> keySelector,
                                         KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> function,
                                         List<MapStateDescriptor<?, ?>> descriptors) {
        super(function, descriptors);
        this.keySelector = java.util.Objects.requireNonNull(keySelector, "keySelector");
    }

    @Override
    void beforeFunctionOpen(OperatorContext operatorContext) {
        if (keyedState == null) {
            throw new IllegalStateException(info.describe() + " is keyed but got no key group range");
        }
        super.beforeFunctionOpen(operatorContext);
        sideOutputs = operatorContext.sideOutputs();
        timestamp = operatorContext.timestamp();
        readOnlyContext = function.new ReadOnlyContext() {
            @Override
            public TimerService timerService() {
                return timerService;
            }

            @Override
            public K getCurrentKey() {
                return currentKey();
            }

            @Override
            public <KB, VB> ReadOnlyBroadcastState<KB, VB> getBroadcastState(MapStateDescriptor<KB, VB> descriptor) {
                return broadcastState(descriptor, false);
            }

            @Override
            public Long timestamp() {
                return timestamp.boxed();
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                sideOutputs.forTag(outputTag).collect(value);
            }

            @Override
            public long currentProcessingTime() {
                return timerService.currentProcessingTime();
            }

            @Override
            public long currentWatermark() {
                return timerService.currentWatermark();
            }
        };
        context = function.new Context() {
            @Override
            public <S extends State> void applyToKeyedState(StateDescriptor stateDescriptor,
                                                            KeyedStateFunction<K, S> keyedFunction) throws Exception {
                applyToKeys(stateDescriptor, keyedFunction);
            }

            @Override
            public <KB, VB> BroadcastState<KB, VB> getBroadcastState(MapStateDescriptor<KB, VB> descriptor) {
                return broadcastState(descriptor, true);
            }

            @Override
            public Long timestamp() {
                return timestamp.boxed();
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                sideOutputs.forTag(outputTag).collect(value);
            }

            @Override
            public long currentProcessingTime() {
                return timerService.currentProcessingTime();
            }

            @Override
            public long currentWatermark() {
                return timerService.currentWatermark();
            }
        };
        timerContext = function.new OnTimerContext() {
            @Override
            public TimeDomain timeDomain() {
                return firingDomain;
            }

            @Override
            public K getCurrentKey() {
                return currentKey();
            }

            @Override
            public TimerService timerService() {
                return timerService;
            }

            @Override
            public <KB, VB> ReadOnlyBroadcastState<KB, VB> getBroadcastState(MapStateDescriptor<KB, VB> descriptor) {
                return broadcastState(descriptor, false);
            }

            @Override
            public Long timestamp() {
                return firingTime; // the timer's time, in both domains (as in Flink)
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                sideOutputs.forTag(outputTag).collect(value);
            }

            @Override
            public long currentProcessingTime() {
                return timerService.currentProcessingTime();
            }

            @Override
            public long currentWatermark() {
                return timerService.currentWatermark();
            }
        };
        timers = InternalTimerService.create(keyedState, operatorContext, this);
        timerService = new KeyedTimerService<>(timers);
    }

    @Override
    public void processElement1(IN1 record) throws Exception {
        setCurrentKeyOf(keySelector, record, "the key selector");
        function.processElement(record, readOnlyContext, output);
    }

    @Override
    public void processElement2(IN2 record) throws Exception {
        keyedState.setCurrentKey(null); // a broadcast element has no key: keyed state only through applyToKeyedState
        function.processBroadcastElement(record, context, output);
    }

    @Override
    public void processWatermark(long watermark) {
        timers.advanceWatermark(watermark);
    }

    @Override
    public void endInput() {
        timers.endInput();
    }

    /**
     * {@code applyToKeyedState}: registers the state (so that a restored one is found), then calls the
     * function for each key that has a value, with that key current; the key current before is set again after.
     */
    @SuppressWarnings("unchecked")
    private <S extends State> void applyToKeys(StateDescriptor descriptor, KeyedStateFunction<K, S> keyedFunction)
            throws Exception {
        S state = (S) stateOf(descriptor);
        Object previous = keyedState.getCurrentKey();
        try {
            for (Object key : keyedState.keys(descriptor.getName())) {
                keyedState.setCurrentKey(key);
                keyedFunction.process((K) key, state);
            }
        } finally {
            keyedState.setCurrentKey(previous); // null again in processBroadcastElement: no key leaks out of the walk
        }
    }

    private State stateOf(StateDescriptor descriptor) {
        if (descriptor instanceof ValueStateDescriptor<?> value) {
            return keyedState.getState(value);
        } else if (descriptor instanceof ListStateDescriptor<?> list) {
            return keyedState.getListState(list);
        } else if (descriptor instanceof ReducingStateDescriptor<?> reducing) {
            return keyedState.getReducingState(reducing);
        } else if (descriptor instanceof AggregatingStateDescriptor<?, ?, ?> aggregating) {
            return keyedState.getAggregatingState(aggregating);
        } else if (descriptor instanceof MapStateDescriptor<?, ?> map) {
            return keyedState.getMapState(map);
        }
        throw new IllegalArgumentException("applyToKeyedState in " + info.describe() + ": unknown kind of state "
                + "descriptor " + descriptor);
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
