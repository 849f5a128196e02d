package dev.weir.kafka;

/**
 * A Kafka transaction as the exactly-once sink keeps it in a checkpoint. Two forms exist: the
 * current {@link VersionedKafkaTransaction}, and {@link KafkaTransaction}, which checkpoints written
 * before the transaction protocol version was recorded hold (they are still read, as version 2).
 */
public sealed interface KafkaTransactionHandle permits KafkaTransaction, VersionedKafkaTransaction {

    /** This transaction in the current form. */
    VersionedKafkaTransaction versioned();
}
