package dev.weir.kafka;

/**
 * A pre-committed Kafka transaction as stored in a checkpoint: enough to commit it from another
 * process after a crash.
 *
 * @param transactionalId the producer's transactional id ({@code <prefix>-<subtask>-<slot>})
 * @param producerId      the broker's producer id for it at pre-commit
 * @param epoch           the producer epoch of the transaction
 * @param hasRecords      whether anything was written; an empty transaction needs no commit
 */
public record KafkaTransaction(String transactionalId, long producerId, short epoch, boolean hasRecords) {

    /** A producer id and epoch read from the client. */
    record IdAndEpoch(long producerId, short epoch) {
    }

    @Override
    public String toString() {
        return transactionalId + "(producerId=" + producerId + ", epoch=" + epoch + (hasRecords ? "" : ", empty") + ")";
    }
}
