package dev.weir.flink.translate.bridge;

import dev.weir.api.TimerService;

/**
 * Weir's timer service over Flink's, for the context of one Flink call: the Flink wrapper points it at the timer
 * service of the call's context ({@link #over}) before the Weir function runs. Timers are Flink's (keyed, in
 * Flink's checkpoints); on a non-keyed stream Flink refuses them with its own message.
 */
public final class WeirTimerService implements TimerService {

    private org.apache.flink.streaming.api.TimerService flink;

    /** Points this at {@code flink}'s timer service and returns it. */
    public WeirTimerService over(org.apache.flink.streaming.api.TimerService flink) {
        this.flink = flink;
        return this;
    }

    @Override
    public long currentProcessingTime() {
        return flink.currentProcessingTime();
    }

    @Override
    public long currentWatermark() {
        return flink.currentWatermark();
    }

    @Override
    public void registerProcessingTimeTimer(long time) {
        flink.registerProcessingTimeTimer(time);
    }

    @Override
    public void registerEventTimeTimer(long time) {
        flink.registerEventTimeTimer(time);
    }

    @Override
    public void deleteProcessingTimeTimer(long time) {
        flink.deleteProcessingTimeTimer(time);
    }

    @Override
    public void deleteEventTimeTimer(long time) {
        flink.deleteEventTimeTimer(time);
    }
}
