package dev.weir.runtime;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Parks the task thread while it has nothing to do, and wakes it when another thread gives it
 * work (a batch in an input channel, free space in an output channel, a mailbox action).
 *
 * <p>No lost wake-ups: the task announces it is parking, then checks for work once more; a
 * producer publishes work, then reads the flag. Both accesses are volatile, so at least one side
 * sees the other. Parking has a timeout anyway as a safety net for cancellation checks.
 */
public final class TaskWakeup {
    private static final long MAX_PARK_NANOS = 50_000_000L;

    private volatile Thread owner;
    private volatile boolean parked;

    /** Binds to the calling thread: the only one that may call {@link #await}. */
    public void bindToCurrentThread() {
        owner = Thread.currentThread();
    }

    /** Waits up to {@code nanos} unless {@code hasWork} becomes true (checked after announcing). */
    public void await(long nanos, BooleanSupplier hasWork) {
        parked = true;
        try {
            if (!hasWork.getAsBoolean()) {
                LockSupport.parkNanos(this, Math.min(Math.max(nanos, 1), MAX_PARK_NANOS));
            }
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
}
