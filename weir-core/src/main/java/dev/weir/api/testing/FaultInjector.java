package dev.weir.api.testing;

import dev.weir.api.spi.SubtaskInfo;

/**
 * A test hook: called at named points of the checkpoint protocol, it may throw to simulate a
 * failure of that subtask there. Set with {@code StreamExecutionEnvironment.setFaultInjector}; never needed
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
        RESTORE,
        /** In a two-phase-commit sink, before the transaction of the checkpoint is pre-committed. */
        BEFORE_PRE_COMMIT,
        /** In a two-phase-commit sink, right after the pre-commit (the checkpoint is not complete yet). */
        AFTER_PRE_COMMIT,
        /** At the coordinator: the checkpoint's metadata is durable, the tasks are not yet notified. */
        AFTER_METADATA,
        /** In a sink's commit, after part of the transaction became visible (e.g. some files renamed). */
        MID_COMMIT
    }

    FaultInjector NONE = (point, task, checkpointId, attempt) -> { };

    /**
     * @param task         the operator subtask (for ASYNC_SNAPSHOT, the chain head's; null for AFTER_METADATA)
     * @param checkpointId the checkpoint being taken, or restored from
     * @param attempt      restarts before this run of the job
     */
    void at(Point point, SubtaskInfo task, long checkpointId, int attempt) throws Exception;

    /** Thrown by fault injectors; an injected failure in the async part fails the task (not just the checkpoint). */
    final class InjectedFault extends RuntimeException {
        public InjectedFault(String message) {
            super(message);
        }
    }
}
