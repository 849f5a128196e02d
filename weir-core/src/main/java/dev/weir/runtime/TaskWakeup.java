package dev.weir.runtime;

import dev.weir.runtime.metrics.TaskTimes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Parks the task thread while it has nothing to do, and wakes it when another thread gives it
 * work (a batch in an input channel, free space in an output channel, a mailbox action).
 *
 * <p>No lost wake-ups: the task announces it is parking, then checks for work once more; a
 * producer publishes work, then reads the flag. Both accesses are volatile, so at least one side
 * sees the other. Parking has a timeout anyway as a safety net for cancellation checks.
 *
 * <p><b>Time spent waiting</b> ({@link TaskTimes}, for the busy / idle / back-pressured metrics):
 * every wait of the task thread goes through here, so the time it actually parks is added up here,
 * as waiting for input ({@link #await}) or for output space ({@link #awaitOutputSpace}). Only a
 * wait that parks reads the clock; the owner thread writes the sums with opaque stores (see
 * {@link OperatorMetrics}), the metrics sampler reads them from its thread.
 */
public final class TaskWakeup implements TaskTimes {
    private static final long MAX_PARK_NANOS = 50_000_000L;
    private static final VarHandle IDLE_NANOS;
    private static final VarHandle BACK_PRESSURED_NANOS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            IDLE_NANOS = lookup.findVarHandle(TaskWakeup.class, "idleNanos", long.class);
            BACK_PRESSURED_NANOS = lookup.findVarHandle(TaskWakeup.class, "backPressuredNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Thread owner;
    private volatile boolean parked;
    private long idleNanos;
    private long backPressuredNanos;

    /** Binds to the calling thread: the only one that may call {@link #await}. */
    public void bindToCurrentThread() {
        owner = Thread.currentThread();
    }

    /** Waits for input up to {@code nanos} unless {@code hasWork} becomes true (checked after announcing). */
    public void await(long nanos, BooleanSupplier hasWork) {
        long waited = park(nanos, hasWork);
        if (waited > 0) {
            IDLE_NANOS.setOpaque(this, idleNanos + waited);
        }
    }

    /** As {@link #await}, but the task waits for space in its output channels (it is back-pressured). */
    public void awaitOutputSpace(long nanos, BooleanSupplier hasSpace) {
        long waited = park(nanos, hasSpace);
        if (waited > 0) {
            BACK_PRESSURED_NANOS.setOpaque(this, backPressuredNanos + waited);
        }
    }

    /** Parks unless there is work; returns the nanoseconds parked (0 when it did not park). */
    private long park(long nanos, BooleanSupplier hasWork) {
        parked = true;
        try {
            if (hasWork.getAsBoolean()) {
                return 0;
            }
            long start = System.nanoTime();
            LockSupport.parkNanos(this, Math.min(Math.max(nanos, 1), MAX_PARK_NANOS));
            return System.nanoTime() - start;
        } finally {
            parked = false;
        }
    }

    /** Called by other threads after they published work for this task. */
    public void wakeUp() {
        if (parked) {
            Thread thread = owner;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }

    @Override
    public long idleNanos() {
        return (long) IDLE_NANOS.getOpaque(this);
    }

    @Override
    public long backPressuredNanos() {
        return (long) BACK_PRESSURED_NANOS.getOpaque(this);
    }

    @Override
    public boolean ended() {
        Thread thread = owner;
        return thread != null && !thread.isAlive();
    }
}
