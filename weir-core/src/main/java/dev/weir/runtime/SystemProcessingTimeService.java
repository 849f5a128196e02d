package dev.weir.runtime;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/** Wall-clock time; a job-wide scheduler thread posts due timers into the task's mailbox. */
public final class SystemProcessingTimeService implements ProcessingTimeService {
    private final ScheduledExecutorService scheduler;
    private final Mailbox mailbox;
    private volatile boolean quiesced;

    public SystemProcessingTimeService(ScheduledExecutorService scheduler, Mailbox mailbox) {
        this.scheduler = scheduler;
        this.mailbox = mailbox;
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void registerTimer(long timestamp, LongConsumer callback) {
        long delay = Math.max(0, timestamp - currentTimeMillis());
        if (quiesced || scheduler.isShutdown()) {
            return; // pending timers do not fire after the end of input
        }
        scheduler.schedule(() -> mailbox.post(() -> {
            if (!quiesced) {
                callback.accept(timestamp);
            }
        }), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void quiesce() {
        quiesced = true; // read on the task thread by the posted callbacks
    }
}
