package dev.weir.kafka;

/**
 * One Kafka partition as a source split: the offset of the next record to emit and, for a bounded
 * source, the offset at which to stop ({@link #UNBOUNDED} otherwise). Stored in checkpoints, so a
 * restore replays exactly from {@code nextOffset}, also after a restore at another parallelism.
 */
public record KafkaPartitionSplit(String topic, int partition, long nextOffset, long stopOffset) {
    public static final long UNBOUNDED = Long.MAX_VALUE;

    public KafkaPartitionSplit withNextOffset(long offset) {
        return new KafkaPartitionSplit(topic, partition, offset, stopOffset);
    }

    public boolean isBounded() {
        return stopOffset != UNBOUNDED;
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + nextOffset + (isBounded() ? "..<" + stopOffset : "");
    }
}
