package dev.weir.runtime.operators;

import dev.weir.api.TimerService;
import dev.weir.runtime.ProcessingTimeService;

/**
 * The {@link TimerService} of a process function on a non-keyed stream ({@code ProcessFunction},
 * {@code CoProcessFunction}): it reads the task's clock and the operator's watermark, and refuses
 * timers, which need keyed state to live in, with a message that says what to use instead. Task
 * thread only.
 */
final class NonKeyedTimerService implements TimerService {
    private final ProcessingTimeService clock;
    private final String refusal;
    private long watermark = Long.MIN_VALUE;

    /** {@code refusal}: why timers are refused here and what to do instead (the exception's message). */
    NonKeyedTimerService(ProcessingTimeService clock, String refusal) {
        this.clock = clock;
        this.refusal = refusal;
    }

    /** The operator's watermark advanced to {@code watermark}. */
    void advanceWatermark(long watermark) {
        this.watermark = watermark;
    }

    @Override
    public long currentProcessingTime() {
        return clock.currentTimeMillis();
    }

    @Override
    public long currentWatermark() {
        return watermark;
    }

    @Override
    public void registerProcessingTimeTimer(long time) {
        throw new UnsupportedOperationException(refusal);
    }

    @Override
    public void deleteProcessingTimeTimer(long time) {
        throw new UnsupportedOperationException(refusal);
    }

    @Override
    public void registerEventTimeTimer(long time) {
        throw new UnsupportedOperationException(refusal);
    }

    @Override
    public void deleteEventTimeTimer(long time) {
        throw new UnsupportedOperationException(refusal);
    }
}
