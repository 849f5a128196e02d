package dev.weir.kafka;

/**
 * A pre-committed Kafka transaction in the form checkpoints stored before the transaction protocol
 * version was recorded. Only read from such checkpoints, never written: the sink writes
 * {@link VersionedKafkaTransaction}. Such a checkpoint was written by a client that assumed
 * transaction protocol version 2 (KIP-890), so {@link #versioned()} says 2.
 *
 * @param transactionalId the producer's transactional id ({@code <prefix>-<subtask>-<slot>})
 * @param producerId      the broker's producer id for it at pre-commit
 * @param epoch           the producer epoch of the transaction
 * @param hasRecords      whether anything was written; an empty transaction needs no commit
 */
public record KafkaTransaction(String transactionalId, long producerId, short epoch, boolean hasRecords)
        implements KafkaTransactionHandle {

    @Override
    public VersionedKafkaTransaction versioned() {
        return new VersionedKafkaTransaction(transactionalId, producerId, epoch,
                VersionedKafkaTransaction.TRANSACTION_VERSION_2, hasRecords);
    }

    @Override
    public String toString() {
        return versioned().toString();
    }
}
