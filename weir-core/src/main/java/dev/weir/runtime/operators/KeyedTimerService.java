package dev.weir.runtime.operators;

import dev.weir.api.TimerService;

/**
 * The {@link TimerService} a keyed process function sees ({@code KeyedProcessFunction},
 * {@code KeyedCoProcessFunction}): the clocks, and the timers of the current key without a namespace,
 * kept by the operator's {@link InternalTimerService}. Task thread only.
 */
final class KeyedTimerService<K> implements TimerService {
    private final InternalTimerService<K, Void> timers;

    KeyedTimerService(InternalTimerService<K, Void> timers) {
        this.timers = timers;
    }

    @Override
    public long currentWatermark() {
        return timers.currentWatermark();
    }

    @Override
    public long currentProcessingTime() {
        return timers.currentProcessingTime();
    }

    @Override
    public void registerProcessingTimeTimer(long time) {
        timers.registerProcessingTimeTimer(null, time);
    }

    @Override
    public void registerEventTimeTimer(long time) {
        timers.registerEventTimeTimer(null, time);
    }

    @Override
    public void deleteProcessingTimeTimer(long time) {
        timers.deleteProcessingTimeTimer(null, time);
    }

    @Override
    public void deleteEventTimeTimer(long time) {
        timers.deleteEventTimeTimer(null, time);
    }
}
