package dev.weir.kafka;

/**
 * A Kafka transaction of the exactly-once sink, as stored in a checkpoint at pre-commit: enough to
 * commit it from another process after a crash.
 *
 * @param transactionalId    the producer's transactional id ({@code <prefix>-<subtask>-<slot>})
 * @param producerId         the broker's producer id for it at pre-commit
 * @param epoch              the producer epoch of the transaction
 * @param transactionVersion the transaction protocol the transaction was written with:
 *                           {@value #TRANSACTION_VERSION_2} (KIP-890: the broker bumps the epoch at
 *                           every commit, and gives the id a new producer id when the epoch runs
 *                           out) or {@value #TRANSACTION_VERSION_1} (the epoch changes only at
 *                           {@code initTransactions})
 * @param hasRecords         whether anything was written; an empty transaction needs no commit
 */
public record VersionedKafkaTransaction(String transactionalId, long producerId, short epoch,
                                        byte transactionVersion, boolean hasRecords)
        implements KafkaTransactionHandle {
    public static final byte TRANSACTION_VERSION_1 = 1;
    public static final byte TRANSACTION_VERSION_2 = 2;

    public VersionedKafkaTransaction {
        if (transactionVersion != TRANSACTION_VERSION_1 && transactionVersion != TRANSACTION_VERSION_2) {
            throw new IllegalArgumentException("transaction " + transactionalId + ": unknown transaction protocol "
                    + "version " + transactionVersion + " (1 or 2)");
        }
    }

    /** A producer id and epoch read from the client. */
    record IdAndEpoch(long producerId, short epoch) {
    }

    /** An open transaction under {@code transactionalId}, not pre-committed yet. */
    static VersionedKafkaTransaction open(String transactionalId) {
        return new VersionedKafkaTransaction(transactionalId, -1, (short) -1, TRANSACTION_VERSION_2, false);
    }

    @Override
    public VersionedKafkaTransaction versioned() {
        return this;
    }

    @Override
    public String toString() {
        return transactionalId + "(producerId=" + producerId + ", epoch=" + epoch + ", transaction protocol v"
                + transactionVersion + (hasRecords ? "" : ", empty") + ")";
    }
}
