package dev.weir.runtime;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Wall-clock time; a job-wide scheduler thread posts due timers into the task's mailbox, where the
 * callbacks run on the task thread (a throwable there fails the task). A throwable on the
 * scheduler thread itself (e.g. an {@code OutOfMemoryError} while posting) goes to
 * {@code onFailure}, which fails the job: the executor would otherwise swallow it and the timer
 * would silently never fire.
 */
public final class SystemProcessingTimeService implements ProcessingTimeService {
    private final ScheduledExecutorService scheduler;
    private final Mailbox mailbox;
    private final Consumer<Throwable> onFailure;
    private volatile boolean quiesced;

    /** @param onFailure called on the scheduler thread with what a timer's posting threw; must not allocate */
    public SystemProcessingTimeService(ScheduledExecutorService scheduler, Mailbox mailbox,
                                       Consumer<Throwable> onFailure) {
        this.scheduler = scheduler;
        this.mailbox = mailbox;
        this.onFailure = onFailure;
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
        Runnable fire = () -> {
            if (!quiesced) {
                callback.accept(timestamp);
            }
        };
        scheduler.schedule(() -> {
            try {
                mailbox.post(fire);
            } catch (Throwable failure) {
                onFailure.accept(failure);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void quiesce() {
        quiesced = true; // read on the task thread by the posted callbacks
    }
}
