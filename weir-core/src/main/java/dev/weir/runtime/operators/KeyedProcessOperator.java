package dev.weir.runtime.operators;

import dev.weir.api.TimerService;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.runtime.OperatorFailure;
import dev.weir.runtime.ProcessingTimeService;
import dev.weir.state.HeapKeyedStateBackend;
import dev.weir.state.KeyedStateStore;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Runs a {@link KeyedProcessFunction}: sets the record's key as the current key of the keyed
 * state backend, then calls the function. Owns the subtask's keyed state and processing-time
 * timers (one per key and timestamp; the earliest is scheduled on the task's clock).
 */
public final class KeyedProcessOperator<K, IN, OUT>
        extends FunctionOperator<IN, OUT, KeyedProcessFunction<K, IN, OUT>>
        implements KeyedProcessFunction.Context<K>, TimerService {

    private record Timer(long timestamp, Object key) {
    }

    private final KeySelector<IN, K> keySelector;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.timestamp, b.timestamp));
    private final Set<Timer> timerSet = new HashSet<>();
    private HeapKeyedStateBackend backend;
    private ProcessingTimeService timeService;
    private long scheduledWakeUp = Long.MAX_VALUE;

    public KeyedProcessOperator(KeySelector<IN, K> keySelector, KeyedProcessFunction<K, IN, OUT> function) {
        super(function);
        this.keySelector = keySelector;
    }

    @Override
    KeyedStateStore keyedState(OperatorContext context) {
        backend = new HeapKeyedStateBackend(context.keyGroupRange(), context.info().maxParallelism());
        timeService = context.timeService();
        return backend;
    }

    @Override
    public void processElement(IN record) throws Exception {
        K key = keySelector.getKey(record);
        if (key == null) {
            throw OperatorFailure.of("the key selector of " + info.describe() + " returned null for record "
                    + OperatorFailure.show(record) + "; keys must not be null", null);
        }
        backend.setCurrentKey(key);
        function.processElement(record, this, output);
    }

    /** The keyed state of this subtask (for snapshots and tests). */
    public HeapKeyedStateBackend keyedStateBackend() {
        return backend;
    }

    // KeyedProcessFunction.Context

    @Override
    @SuppressWarnings("unchecked")
    public K getCurrentKey() {
        return (K) backend.getCurrentKey();
    }

    @Override
    public TimerService timerService() {
        return this;
    }

    // TimerService

    @Override
    public long currentProcessingTime() {
        return timeService.currentTimeMillis();
    }

    @Override
    public void registerProcessingTimeTimer(long timestamp) {
        Timer timer = new Timer(timestamp, backend.getCurrentKey());
        if (timerSet.add(timer)) {
            timers.add(timer);
            if (timestamp < scheduledWakeUp) {
                scheduledWakeUp = timestamp;
                timeService.registerTimer(timestamp, this::onProcessingTime);
            }
        }
    }

    @Override
    public void deleteProcessingTimeTimer(long timestamp) {
        Timer timer = new Timer(timestamp, backend.getCurrentKey());
        if (timerSet.remove(timer)) {
            timers.remove(timer);
        }
    }

    /** Fires every timer due at {@code time}, in timestamp order; runs on the task thread. */
    private void onProcessingTime(long time) {
        if (time == scheduledWakeUp) {
            scheduledWakeUp = Long.MAX_VALUE;
        }
        long now = Math.max(time, timeService.currentTimeMillis());
        while (!timers.isEmpty() && timers.peek().timestamp() <= now) {
            Timer timer = timers.poll();
            timerSet.remove(timer);
            backend.setCurrentKey(timer.key());
            try {
                function.onTimer(timer.timestamp(), this, output);
            } catch (Exception e) {
                throw OperatorFailure.during(info, "timer " + timer.timestamp() + " of key " + OperatorFailure.show(timer.key()), e);
            }
        }
        if (!timers.isEmpty() && timers.peek().timestamp() < scheduledWakeUp) {
            scheduledWakeUp = timers.peek().timestamp();
            timeService.registerTimer(scheduledWakeUp, this::onProcessingTime);
        }
    }
}
