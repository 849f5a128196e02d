package dev.weir.runtime.operators;

import dev.weir.api.spi.SubtaskInfo;
import dev.weir.runtime.OperatorFailure;
import dev.weir.runtime.ProcessingTimeService;
import dev.weir.runtime.RecordTimestamp;
import dev.weir.runtime.TaskCancelledException;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.TimerQueue;
import dev.weir.state.TimerQueue.Timer;

/**
 * Event-time and processing-time timers of a keyed operator, filed by (timestamp, key, namespace):
 * what window operators and the {@code KeyedProcessFunction} operator build on.
 *
 * <p><b>Getting one.</b> In {@code open}, after creating the keyed state backend (restored):
 * <pre>{@code
 * timers = InternalTimerService.create(keyedState, context, this);   // this implements Triggerable<K, N>
 * }</pre>
 * One service per operator (it owns the backend's {@link TimerQueue}); the namespace tells timers of
 * different windows apart. Then:
 * <ul>
 *   <li>register and delete timers for the <em>current key</em> of the backend (set it before, as for
 *       keyed state): {@link #registerEventTimeTimer}, {@link #deleteEventTimeTimer},
 *       {@link #registerProcessingTimeTimer}, {@link #deleteProcessingTimeTimer}; registering the same
 *       (time, key, namespace) twice keeps one timer;</li>
 *   <li>in the operator's {@link StreamOperator#processWatermark}, call {@link #advanceWatermark}:
 *       every event-time timer at or before the watermark fires, in timestamp order, through
 *       {@link Triggerable#onEventTime}, with its key set as current key and the chain's record
 *       timestamp set to the timer's time; the chain forwards the watermark only after that;</li>
 *   <li>processing-time timers fire by themselves through {@link Triggerable#onProcessingTime} when the
 *       task's clock reaches them (only the earliest is scheduled on the clock);</li>
 *   <li>at the end of input, call {@link #endInput}: it fires every pending processing-time timer if
 *       the job asked for that ({@code OperatorContext.fireProcessingTimersAtEnd()}), else drops them.
 *       (Event-time timers have all fired by then: a bounded input ends with watermark
 *       {@code Long.MAX_VALUE}.)</li>
 * </ul>
 *
 * <p><b>State.</b> The timers are part of the keyed state: snapshotted with it per key group, restored
 * at any parallelism (each subtask gets the timers of its key groups) and fired in timestamp order
 * after a restore. The watermark itself is not state: after a restore it starts again at
 * {@code Long.MIN_VALUE} and the sources' watermarks bring it forward.
 *
 * <p><b>Threading.</b> Task thread only; callbacks never run concurrently with records.
 */
public final class InternalTimerService<K, N> {
    private final KeyedStateBackend backend;
    private final TimerQueue timers;
    private final ProcessingTimeService clock;
    private final Triggerable<K, N> target;
    private final RecordTimestamp timestamp;
    private final SubtaskInfo info;
    private final boolean fireProcessingTimersAtEnd;
    private final FiringTimer<K, N> firing = new FiringTimer<>();
    private long watermark = Long.MIN_VALUE;
    private long scheduledWakeUp = Long.MAX_VALUE;
    private boolean ended;

    private InternalTimerService(KeyedStateBackend backend, OperatorContext context, Triggerable<K, N> target) {
        this.backend = backend;
        this.timers = backend.timers();
        this.clock = context.timeService();
        this.target = target;
        this.timestamp = context.timestamp();
        this.info = context.info();
        this.fireProcessingTimersAtEnd = context.fireProcessingTimersAtEnd();
    }

    /**
     * The timer service of a keyed operator over {@code backend} (already restored: restored
     * processing-time timers are scheduled now).
     */
    public static <K, N> InternalTimerService<K, N> create(KeyedStateBackend backend, OperatorContext context,
                                                           Triggerable<K, N> target) {
        InternalTimerService<K, N> service = new InternalTimerService<>(backend, context, target);
        service.scheduleEarliest();
        return service;
    }

    /** The operator's current event time: the last watermark passed to {@link #advanceWatermark}. */
    public long currentWatermark() {
        return watermark;
    }

    public long currentProcessingTime() {
        return clock.currentTimeMillis();
    }

    public void registerEventTimeTimer(N namespace, long time) {
        timers.add(time, backend.getCurrentKey(), namespace, true);
    }

    public void deleteEventTimeTimer(N namespace, long time) {
        timers.remove(time, backend.getCurrentKey(), namespace, true);
    }

    public void registerProcessingTimeTimer(N namespace, long time) {
        if (timers.add(time, backend.getCurrentKey(), namespace, false) && time < scheduledWakeUp
                && !ended) {
            scheduledWakeUp = time;
            clock.registerTimer(time, this::onProcessingTime);
        }
    }

    public void deleteProcessingTimeTimer(N namespace, long time) {
        timers.remove(time, backend.getCurrentKey(), namespace, false);
    }

    /** Pending timers of both domains (for tests and metrics). */
    public int numTimers() {
        return timers.size();
    }

    /**
     * The watermark reached {@code newWatermark}: fires every event-time timer at or before it, in
     * timestamp order (also those registered by the callbacks themselves, if due).
     */
    public void advanceWatermark(long newWatermark) {
        if (newWatermark > watermark) {
            watermark = newWatermark;
        }
        Timer timer;
        while ((timer = timers.peekEventTime()) != null && timer.timestamp() <= watermark) {
            timers.pollEventTime();
            fire(timer, true);
        }
    }

    /** End of input: fires the pending processing-time timers in order, or drops them, as configured. */
    public void endInput() {
        ended = true;
        if (fireProcessingTimersAtEnd) {
            Timer timer;
            while ((timer = timers.poll()) != null) {
                fire(timer, false);
            }
        }
    }

    private void onProcessingTime(long time) {
        if (time == scheduledWakeUp) {
            scheduledWakeUp = Long.MAX_VALUE;
        }
        long now = Math.max(time, clock.currentTimeMillis());
        Timer timer;
        while ((timer = timers.peek()) != null && timer.timestamp() <= now) {
            timers.poll();
            fire(timer, false);
        }
        scheduleEarliest();
    }

    private void scheduleEarliest() {
        Timer earliest = timers.peek();
        if (earliest != null && earliest.timestamp() < scheduledWakeUp && !ended) {
            scheduledWakeUp = earliest.timestamp();
            clock.registerTimer(scheduledWakeUp, this::onProcessingTime);
        }
    }

    @SuppressWarnings("unchecked")
    private void fire(Timer timer, boolean eventTime) {
        backend.setCurrentKey(timer.key());
        firing.timer = timer;
        long previous = timestamp.set(eventTime ? timer.timestamp() : RecordTimestamp.NO_TIMESTAMP);
        try {
            if (eventTime) {
                target.onEventTime(firing);
            } else {
                target.onProcessingTime(firing);
            }
        } catch (OperatorFailure | TaskCancelledException e) {
            throw e;
        } catch (Exception e) {
            throw OperatorFailure.during(info, (eventTime ? "event-time" : "processing-time") + " timer "
                    + timer.timestamp() + " of key " + OperatorFailure.show(timer.key()), e);
        } finally {
            timestamp.set(previous);
        }
    }

    /** One reusable view of the timer being fired (no allocation per timer). */
    private static final class FiringTimer<K, N> implements InternalTimer<K, N> {
        Timer timer;

        @Override
        public long getTimestamp() {
            return timer.timestamp();
        }

        @Override
        @SuppressWarnings("unchecked")
        public K getKey() {
            return (K) timer.key();
        }

        @Override
        @SuppressWarnings("unchecked")
        public N getNamespace() {
            return (N) timer.namespace();
        }
    }
}
