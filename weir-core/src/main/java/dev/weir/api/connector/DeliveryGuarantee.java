package dev.weir.api.connector;

/**
 * What a sink that offers a choice (the Kafka sink) promises about its records after failures and
 * restarts, as in Flink.
 */
public enum DeliveryGuarantee {
    /**
     * Every record is visible exactly once to readers that see only committed data: the sink writes
     * in transactions committed when the checkpoint that covers them completes, so output becomes
     * visible at the pace of checkpoints.
     */
    EXACTLY_ONCE,
    /** Everything written before a checkpoint is durable when the checkpoint completes: none lost, some may repeat after a restart. */
    AT_LEAST_ONCE,
    /** Records are sent and never waited for: a failure can lose or repeat some. */
    NONE
}
