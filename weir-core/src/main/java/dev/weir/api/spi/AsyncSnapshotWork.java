package dev.weir.api.spi;

import java.util.List;

/**
 * Implemented by functions whose snapshot has slow work that must finish before the checkpoint is
 * acknowledged but need not block records — e.g. a file sink's fsync of what it pre-committed.
 * The task collects the work in the synchronous part and runs it on the snapshot writer thread.
 */
public interface AsyncSnapshotWork {

    /** Work that must be done off the task thread; it may touch only what it captured. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** The work for the snapshot just taken; called on the task thread right after it. */
    List<Action> drainAsyncSnapshotWork();

    /**
     * An action failed. This fails the task rather than only declining the checkpoint: what the
     * action should have made durable (a pre-committed transaction) must not be committed later.
     */
    final class ActionFailedException extends RuntimeException {
        public ActionFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
