package dev.weir.runtime;

/**
 * A test hook: called at named points of the checkpoint protocol, it may throw to simulate a
 * failure of that subtask there. Set with {@code StreamEnvironment.setFaultInjector}; never needed
 * in production. Called on the task thread, except {@link Point#ASYNC_SNAPSHOT} (snapshot writer).
 */
@FunctionalInterface
public interface FaultInjector {

    /** Where in the protocol the hook is called. */
    enum Point {
        /** In the synchronous part of a snapshot, before the state is captured. */
        SYNC_SNAPSHOT,
        /** In the asynchronous part, before the state files are written. */
        ASYNC_SNAPSHOT,
        /** When an operator restores its state, before reading it. */
        RESTORE
    }

    FaultInjector NONE = (point, task, checkpointId, attempt) -> { };

    /**
     * @param task         the operator subtask (for ASYNC_SNAPSHOT, the chain head's)
     * @param checkpointId the checkpoint being taken, or restored from
     * @param attempt      restarts before this run of the job
     */
    void at(Point point, TaskInfo task, long checkpointId, int attempt) throws Exception;

    /** Thrown by fault injectors; an injected failure in the async part fails the task (not just the checkpoint). */
    final class InjectedFault extends RuntimeException {
        public InjectedFault(String message) {
            super(message);
        }
    }
}
