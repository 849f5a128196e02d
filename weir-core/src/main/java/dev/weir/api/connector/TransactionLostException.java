package dev.weir.api.connector;

/**
 * Thrown by {@link TwoPhaseCommitSink#commit} when a pre-committed transaction no longer exists in
 * the external system (timed out, deleted): its data is lost. Never retried; fails the job loudly.
 */
public final class TransactionLostException extends RuntimeException {
    public TransactionLostException(String message) {
        super(message);
    }
}
