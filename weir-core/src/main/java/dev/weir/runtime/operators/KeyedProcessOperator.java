package dev.weir.runtime.operators;

import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.runtime.OperatorFailure;
import dev.weir.runtime.ProcessingTimeService;
import dev.weir.runtime.TaskCancelledException;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.TimerQueue;
import dev.weir.state.TimerQueue.Timer;

/**
 * Runs a {@link KeyedProcessFunction}: sets the record's key as the current key of the keyed
 * state backend, then calls the function. Processing-time timers live in the keyed state (so they
 * are checkpointed with it); only the earliest is scheduled on the task's clock. One context object
 * serves every record and one every timer.
 */
public final class KeyedProcessOperator<K, IN, OUT>
        extends FunctionOperator<IN, OUT, KeyedProcessFunction<K, IN, OUT>>
        implements TimerService {

    private final KeySelector<IN, K> keySelector;
    private KeyedStateBackend backend;
    private TimerQueue timers;
    private ProcessingTimeService timeService;
    private SideOutputs sideOutputs;
    private long scheduledWakeUp = Long.MAX_VALUE;
    private KeyedProcessFunction<K, IN, OUT>.Context context;
    private KeyedProcessFunction<K, IN, OUT>.OnTimerContext timerContext;

    public KeyedProcessOperator(KeySelector<IN, K> keySelector, KeyedProcessFunction<K, IN, OUT> function) {
        super(function);
        this.keySelector = keySelector;
    }

    @Override
    void beforeFunctionOpen(OperatorContext context) {
        backend = keyedState;
        timers = backend.timers();
        timeService = context.timeService();
        sideOutputs = context.sideOutputs();
        this.context = function.new Context() {
            @Override
            public Long timestamp() {
                return null; // no event time on records yet
            }

            @Override
            public TimerService timerService() {
                return KeyedProcessOperator.this;
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
                return TimeDomain.PROCESSING_TIME;
            }

            @Override
            public Long timestamp() {
                return null; // processing-time timers have no event-time timestamp
            }

            @Override
            public TimerService timerService() {
                return KeyedProcessOperator.this;
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
        if (timers.peek() != null) { // restored timers: wake up for the earliest
            scheduledWakeUp = timers.peek().timestamp();
            timeService.registerTimer(scheduledWakeUp, this::onProcessingTime);
        }
    }

    @Override
    public void processElement(IN record) throws Exception {
        K key = keySelector.getKey(record);
        if (key == null) {
            throw new NullPointerException("the key selector of " + info.describe() + " returned null for record "
                    + OperatorFailure.show(record) + "; keys must not be null");
        }
        backend.setCurrentKey(key);
        function.processElement(record, context, output);
    }

    /** The keyed state of this subtask (for tests). */
    public KeyedStateBackend keyedStateBackend() {
        return backend;
    }

    @SuppressWarnings("unchecked")
    private K currentKey() {
        return (K) backend.getCurrentKey();
    }

    // TimerService

    @Override
    public long currentWatermark() {
        return Long.MIN_VALUE;
    }

    @Override
    public long currentProcessingTime() {
        return timeService.currentTimeMillis();
    }

    @Override
    public void registerProcessingTimeTimer(long timestamp) {
        Timer timer = new Timer(timestamp, backend.getCurrentKey());
        if (timers.add(timer)) {
            if (timestamp < scheduledWakeUp) {
                scheduledWakeUp = timestamp;
                timeService.registerTimer(timestamp, this::onProcessingTime);
            }
        }
    }

    @Override
    public void deleteProcessingTimeTimer(long timestamp) {
        timers.remove(new Timer(timestamp, backend.getCurrentKey()));
    }

    /** Fires every timer due at {@code time}, in timestamp order; runs on the task thread. */
    private void onProcessingTime(long time) {
        if (time == scheduledWakeUp) {
            scheduledWakeUp = Long.MAX_VALUE;
        }
        long now = Math.max(time, timeService.currentTimeMillis());
        while (timers.peek() != null && timers.peek().timestamp() <= now) {
            Timer timer = timers.poll();
            backend.setCurrentKey(timer.key());
            try {
                function.onTimer(timer.timestamp(), timerContext, output);
            } catch (OperatorFailure | TaskCancelledException e) {
                throw e;
            } catch (Exception e) {
                throw OperatorFailure.during(info, "timer " + timer.timestamp() + " of key "
                        + OperatorFailure.show(timer.key()), e);
            }
        }
        if (timers.peek() != null && timers.peek().timestamp() < scheduledWakeUp) {
            scheduledWakeUp = timers.peek().timestamp();
            timeService.registerTimer(scheduledWakeUp, this::onProcessingTime);
        }
    }
}
