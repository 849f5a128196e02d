package dev.weir.kafka;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Says at which offset a {@link KafkaSource} starts reading each partition
 * ({@link KafkaSourceBuilder#setStartingOffsets}) or stops ({@link KafkaSourceBuilder#setBounded}),
 * as in Flink. Weir resolves it once, when the job first starts; the resolved offsets then live in
 * the checkpoint, so a restore neither starts nor stops anywhere else.
 *
 * <p>Offsets are those a {@code read_committed} consumer sees: "the end" of a partition is its last
 * stable offset. Implement it yourself only if none of the factory methods fits; the retriever
 * answers with the cluster's offsets and runs on the thread that starts the source.
 */
@SuppressWarnings("deprecation") // Flink's signature uses Kafka's OffsetResetStrategy
public interface OffsetsInitializer {

    /** The offset of each partition in {@code partitions}. */
    Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions,
                                                  PartitionOffsetsRetriever partitionOffsetsRetriever);

    /** Where the initializer goes for a partition it has no offset for (reported for Flink's shape). */
    OffsetResetStrategy getAutoOffsetResetStrategy();

    /** The consumer group's committed offsets; a partition without one fails the start, naming it. */
    static OffsetsInitializer committedOffsets() {
        return committedOffsets(OffsetResetStrategy.NONE);
    }

    /**
     * The consumer group's committed offsets (the source needs {@link KafkaSourceBuilder#setGroupId});
     * a partition without one starts at the earliest or latest offset as {@code offsetResetStrategy}
     * says, or fails the start for {@link OffsetResetStrategy#NONE}.
     */
    static OffsetsInitializer committedOffsets(OffsetResetStrategy offsetResetStrategy) {
        return new Offsets.Committed(offsetResetStrategy);
    }

    /** The first record whose timestamp is at or after {@code timestamp} (epoch ms); the end of a partition without one. */
    static OffsetsInitializer timestamp(long timestamp) {
        return new Offsets.Timestamp(timestamp);
    }

    /** The first offset still in the log. */
    static OffsetsInitializer earliest() {
        return new Offsets.Earliest();
    }

    /** The end of the log when the job first starts (for a start: only new records; for a stop: what is there now). */
    static OffsetsInitializer latest() {
        return new Offsets.Latest();
    }

    /**
     * The given offsets; a partition not in {@code offsets} takes the group's committed offset (if a
     * group id is set) and else the earliest offset.
     */
    static OffsetsInitializer offsets(Map<TopicPartition, Long> offsets) {
        return offsets(offsets, OffsetResetStrategy.EARLIEST);
    }

    /**
     * The given offsets; a partition not in {@code offsets} takes the group's committed offset (if a
     * group id is set) and else the earliest or latest offset as {@code offsetResetStrategy} says, or
     * fails the start for {@link OffsetResetStrategy#NONE}.
     */
    static OffsetsInitializer offsets(Map<TopicPartition, Long> offsets, OffsetResetStrategy offsetResetStrategy) {
        return new Offsets.Specified(Map.copyOf(offsets), offsetResetStrategy);
    }

    /** The cluster's offsets, as an initializer asks for them. */
    interface PartitionOffsetsRetriever {

        /** The group's committed offsets; partitions without one (or all, without a group id) are absent. */
        Map<TopicPartition, Long> committedOffsets(Collection<TopicPartition> partitions);

        /** The end of each partition (its last stable offset). */
        Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions);

        /** The first offset still in each partition's log. */
        Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions);

        /** The first record at or after each timestamp; a partition without one maps to {@code null}. */
        Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch);
    }
}
