package dev.weir.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** Answers an {@link OffsetsInitializer} with the admin client, as a {@code read_committed} consumer sees offsets. */
final class AdminOffsetsRetriever implements OffsetsInitializer.PartitionOffsetsRetriever {
    private final Admin admin;
    private final Properties props;
    private final String groupId;

    AdminOffsetsRetriever(Admin admin, Properties props, String groupId) {
        this.admin = admin;
        this.props = props;
        this.groupId = groupId;
    }

    @Override
    public Map<TopicPartition, Long> committedOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (groupId == null) {
            return offsets;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = KafkaClients.await(
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(), props,
                "read the committed offsets of group '" + groupId + "'");
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset != null) {
                offsets.put(tp, offset.offset());
            }
        }
        return offsets;
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        list(partitions, OffsetSpec.latest()).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        list(partitions, OffsetSpec.earliest()).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
        Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        timestampsToSearch.forEach((tp, timestamp) -> request.put(tp, OffsetSpec.forTimestamp(timestamp)));
        list(request).forEach((tp, info) -> found.put(tp, info.offset() < 0 ? null // no record at or after it
                : new OffsetAndTimestamp(info.offset(), info.timestamp())));
        return found;
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> list(Collection<TopicPartition> partitions,
                                                                              OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return list(request);
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> list(Map<TopicPartition, OffsetSpec> request) {
        if (request.isEmpty()) {
            return Map.of();
        }
        return KafkaClients.await(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(),
                props, "list offsets of " + request.keySet());
    }
}
