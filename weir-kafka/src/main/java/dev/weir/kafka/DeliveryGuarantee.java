package dev.weir.kafka;

/** What a {@link KafkaSink} promises about its records after failures and restarts. */
public enum DeliveryGuarantee {
    /**
     * One Kafka transaction per checkpoint, committed when the checkpoint completes:
     * {@code read_committed} consumers see every record exactly once. Needs checkpointing and a
     * transactional id prefix; output becomes visible at the pace of checkpoints.
     */
    EXACTLY_ONCE,
    /** Records are flushed before each checkpoint is acknowledged: none lost, some may repeat after a restart. */
    AT_LEAST_ONCE,
    /** Records are sent and never waited for: a failure can lose or repeat some. */
    NONE
}
