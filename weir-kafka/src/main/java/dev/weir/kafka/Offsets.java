package dev.weir.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/** The {@link OffsetsInitializer}s of the factory methods. Immutable values, shared by all subtasks. */
@SuppressWarnings("deprecation") // Flink's signature uses Kafka's OffsetResetStrategy
final class Offsets {
    private Offsets() {
    }

    record Earliest() implements OffsetsInitializer {
        @Override
        public Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions,
                                                             PartitionOffsetsRetriever retriever) {
            return retriever.beginningOffsets(partitions);
        }

        @Override
        public OffsetResetStrategy getAutoOffsetResetStrategy() {
            return OffsetResetStrategy.EARLIEST;
        }
    }

    record Latest() implements OffsetsInitializer {
        @Override
        public Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions,
                                                             PartitionOffsetsRetriever retriever) {
            return retriever.endOffsets(partitions);
        }

        @Override
        public OffsetResetStrategy getAutoOffsetResetStrategy() {
            return OffsetResetStrategy.LATEST;
        }
    }

    record Timestamp(long timestamp) implements OffsetsInitializer {
        @Override
        public Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions,
                                                             PartitionOffsetsRetriever retriever) {
            Map<TopicPartition, Long> search = new HashMap<>();
            partitions.forEach(tp -> search.put(tp, timestamp));
            Map<TopicPartition, OffsetAndTimestamp> found = retriever.offsetsForTimes(search);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            List<TopicPartition> none = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = found.get(tp);
                if (at == null) {
                    none.add(tp);
                } else {
                    offsets.put(tp, at.offset());
                }
            }
            if (!none.isEmpty()) { // no record at or after the timestamp: the end
                offsets.putAll(retriever.endOffsets(none));
            }
            return offsets;
        }

        @Override
        public OffsetResetStrategy getAutoOffsetResetStrategy() {
            return OffsetResetStrategy.LATEST;
        }
    }

    record Committed(OffsetResetStrategy otherwise) implements OffsetsInitializer {
        @Override
        public Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions,
                                                             PartitionOffsetsRetriever retriever) {
            return committedOr(partitions, retriever, otherwise);
        }

        @Override
        public OffsetResetStrategy getAutoOffsetResetStrategy() {
            return otherwise;
        }
    }

    record Specified(Map<TopicPartition, Long> offsets, OffsetResetStrategy otherwise) implements OffsetsInitializer {
        @Override
        public Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions,
                                                             PartitionOffsetsRetriever retriever) {
            Map<TopicPartition, Long> result = new HashMap<>();
            List<TopicPartition> unspecified = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                Long offset = offsets.get(tp);
                if (offset != null) {
                    result.put(tp, offset);
                } else {
                    unspecified.add(tp);
                }
            }
            if (!unspecified.isEmpty()) {
                result.putAll(committedOr(unspecified, retriever, otherwise));
            }
            return result;
        }

        @Override
        public OffsetResetStrategy getAutoOffsetResetStrategy() {
            return otherwise;
        }
    }

    /** The committed offsets, and for partitions without one what {@code otherwise} says. */
    private static Map<TopicPartition, Long> committedOr(Collection<TopicPartition> partitions,
                                                         OffsetsInitializer.PartitionOffsetsRetriever retriever,
                                                         OffsetResetStrategy otherwise) {
        Map<TopicPartition, Long> result = new HashMap<>(retriever.committedOffsets(partitions));
        List<TopicPartition> without = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (!result.containsKey(tp)) {
                without.add(tp);
            }
        }
        if (without.isEmpty()) {
            return result;
        }
        switch (otherwise) {
            case EARLIEST -> result.putAll(retriever.beginningOffsets(without));
            case LATEST -> result.putAll(retriever.endOffsets(without));
            default -> throw new IllegalArgumentException("partitions " + without + " have no committed offset in "
                    + "the source's consumer group and the offset reset strategy is NONE: commit offsets for them, or "
                    + "say where they start, e.g. OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)");
        }
        return result;
    }
}
