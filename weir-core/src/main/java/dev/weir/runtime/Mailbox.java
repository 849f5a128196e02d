package dev.weir.runtime;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Actions for a task's thread that are not records: timers, and later checkpoint triggers,
 * commit notifications and async completions. Any thread may {@link #post}; only the task thread
 * runs them, between batches of records, so operator code never needs locks.
 */
public final class Mailbox {
    private final ConcurrentLinkedQueue<Runnable> actions = new ConcurrentLinkedQueue<>();
    private final TaskWakeup wakeup;

    public Mailbox(TaskWakeup wakeup) {
        this.wakeup = wakeup;
    }

    public void post(Runnable action) {
        actions.add(action);
        wakeup.wakeUp();
    }

    public boolean hasMail() {
        return !actions.isEmpty();
    }

    /** Runs every action posted so far (and those they post). Task thread only. */
    public void runAll() throws Exception {
        Runnable action;
        while ((action = actions.poll()) != null) {
            action.run();
        }
    }
}
