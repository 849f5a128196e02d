package dev.weir.kafka;

import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads Kafka topics as a replayable source: each partition is a split whose offset lives in the
 * checkpoint (not in the consumer group), so a restore replays exactly from there.
 *
 * <p><b>Assignment.</b> On a fresh start the partitions of the topics (or of the topics matching
 * the pattern, resolved once at start) are sorted by topic and partition and dealt round-robin to
 * the subtasks. After a restore the checkpointed splits are dealt again, so another parallelism
 * works. Partitions added to a topic after the first start are not picked up (no discovery yet).
 *
 * <p><b>Reading.</b> Always {@code isolation.level=read_committed}: records of aborted or open
 * transactions are never emitted. The consumer is assigned partitions directly; the group id, if
 * set, is used only to report progress: the offsets of a checkpoint are committed to the group when
 * that checkpoint completes, for monitoring, and to start from with {@link StartingOffsets#committed}.
 *
 * <p><b>Deleted records.</b> If retention deleted the records at a partition's position (from the
 * checkpoint or the group), reading goes on at the first record still in the log
 * ({@code auto.offset.reset=earliest} unless set otherwise; {@code none} fails instead).
 *
 * <p><b>Bounded.</b> With {@link Builder#setBounded()} each partition is read up to its end (last
 * stable offset) as seen at the first start; those stop offsets are part of the checkpoint, so a
 * restored job stops at the same place.
 *
 * <p><b>Bad records.</b> A record the deserializer rejects fails the job with its topic, partition
 * and offset, or, with {@link Builder#setDeadLetterTopic}, is written as-is to that topic (headers
 * {@code weir.source.topic}, {@code weir.source.partition}, {@code weir.source.offset},
 * {@code weir.error}) and skipped. Dead letters are at-least-once: they are flushed before each
 * checkpoint, and a replay after a failure may send one again.
 *
 * @param <T> record type
 */
public final class KafkaSource<T> implements Source<T, KafkaPartitionSplit> {
    private final String bootstrapServers;
    private final List<String> topics;
    private final Pattern topicPattern;
    private final String groupId;
    private final StartingOffsets startingOffsets;
    private final boolean bounded;
    private final KafkaRecordDeserializer<T> deserializer;
    private final String deadLetterTopic;
    private final Map<String, String> properties;

    private KafkaSource(Builder<T> b) {
        this.bootstrapServers = b.bootstrapServers;
        this.topics = List.copyOf(b.topics);
        this.topicPattern = b.topicPattern;
        this.groupId = b.groupId;
        this.startingOffsets = b.startingOffsets;
        this.bounded = b.bounded;
        this.deserializer = b.deserializer;
        this.deadLetterTopic = b.deadLetterTopic;
        this.properties = Map.copyOf(b.properties);
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    @Override
    public void validate() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("KafkaSource: bootstrap servers are not set (setBootstrapServers)");
        }
        if (topics.isEmpty() == (topicPattern == null)) {
            throw new IllegalArgumentException("KafkaSource: set either topics (setTopics) or a topic pattern "
                    + "(setTopicPattern), not both and not neither");
        }
        if (deserializer == null) {
            throw new IllegalArgumentException("KafkaSource: no deserializer (setDeserializer)");
        }
        if (startingOffsets instanceof StartingOffsets.Committed && groupId == null) {
            throw new IllegalArgumentException("KafkaSource: starting from committed offsets needs a group id (setGroupId)");
        }
        for (String key : List.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)) {
            if (properties.containsKey(key)) {
                throw new IllegalArgumentException("KafkaSource: property " + key + " is controlled by Weir "
                        + "(read_committed, offsets in checkpoints); remove it");
            }
        }
    }

    @Override
    public List<KafkaPartitionSplit> initialSplits(int subtaskIndex, int parallelism) {
        Properties props = clientProperties();
        try (Admin admin = KafkaClients.admin(props)) {
            List<TopicPartition> all = KafkaClients.partitionsOf(admin, resolveTopics(admin, props), props);
            List<TopicPartition> mine = new ArrayList<>();
            for (int i = subtaskIndex; i < all.size(); i += parallelism) {
                mine.add(all.get(i));
            }
            if (mine.isEmpty()) {
                return List.of();
            }
            Map<TopicPartition, Long> start = startOffsets(admin, mine, startingOffsets, props);
            Map<TopicPartition, Long> stop = bounded ? listOffsets(admin, mine, OffsetSpec.latest(), props) : Map.of();
            List<KafkaPartitionSplit> splits = new ArrayList<>();
            for (TopicPartition tp : mine) {
                splits.add(new KafkaPartitionSplit(tp.topic(), tp.partition(), start.get(tp),
                        bounded ? stop.get(tp) : KafkaPartitionSplit.UNBOUNDED));
            }
            return splits;
        }
    }

    private List<String> resolveTopics(Admin admin, Properties props) {
        if (topicPattern == null) {
            return topics;
        }
        List<String> matching = new ArrayList<>();
        for (String name : KafkaClients.await(admin.listTopics().names(), props, "list topics")) {
            if (topicPattern.matcher(name).matches()) {
                matching.add(name);
            }
        }
        if (matching.isEmpty()) {
            throw new IllegalArgumentException("no topic on the Kafka cluster at bootstrap.servers=" + bootstrapServers
                    + " matches the pattern '" + topicPattern + "'");
        }
        return matching;
    }

    private Map<TopicPartition, Long> startOffsets(Admin admin, List<TopicPartition> partitions, StartingOffsets how,
                                                  Properties props) {
        if (how instanceof StartingOffsets.Earliest) {
            return listOffsets(admin, partitions, OffsetSpec.earliest(), props);
        }
        if (how instanceof StartingOffsets.Latest) {
            return listOffsets(admin, partitions, OffsetSpec.latest(), props);
        }
        if (how instanceof StartingOffsets.Timestamp t) {
            return listOffsets(admin, partitions, OffsetSpec.forTimestamp(t.epochMillis()), props);
        }
        StartingOffsets.Committed committedOffsets = (StartingOffsets.Committed) how;
        Map<TopicPartition, OffsetAndMetadata> committed = KafkaClients.await(
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(), props,
                "read the committed offsets of group '" + groupId + "'");
        Map<TopicPartition, Long> result = new HashMap<>();
        List<TopicPartition> without = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset != null) {
                result.put(tp, offset.offset());
            } else {
                without.add(tp);
            }
        }
        if (!without.isEmpty()) {
            result.putAll(startOffsets(admin, without, committedOffsets.otherwise(), props));
        }
        return result;
    }

    private static Map<TopicPartition, Long> listOffsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec,
                                                         Properties props) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos = KafkaClients.await(
                admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), props,
                "list offsets of " + partitions);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, Long> ends = null;
        for (TopicPartition tp : partitions) {
            long offset = infos.get(tp).offset();
            if (offset < 0) { // no record at or after the timestamp: start at the end
                if (ends == null) {
                    ends = listOffsets(admin, partitions, OffsetSpec.latest(), props);
                }
                offset = ends.get(tp);
            }
            offsets.put(tp, offset);
        }
        return offsets;
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceContext context, List<KafkaPartitionSplit> splits) {
        return new KafkaSourceReader<>(context, splits, clientProperties(), groupId, deserializer, deadLetterTopic);
    }

    @Override
    public Class<KafkaPartitionSplit> splitType() {
        return KafkaPartitionSplit.class;
    }

    Properties clientProperties() {
        return KafkaClients.properties(bootstrapServers, properties, Map.of());
    }

    @Override
    public String toString() {
        return "KafkaSource" + KafkaClients.redacted(clientProperties())
                + (topicPattern == null ? " topics " + topics : " pattern " + topicPattern);
    }

    /** Builds a {@link KafkaSource}; bootstrap servers, topics (or a pattern) and a deserializer are required. */
    public static final class Builder<T> {
        private String bootstrapServers;
        private final List<String> topics = new ArrayList<>();
        private Pattern topicPattern;
        private String groupId;
        private StartingOffsets startingOffsets = StartingOffsets.earliest();
        private boolean bounded;
        private KafkaRecordDeserializer<T> deserializer;
        private String deadLetterTopic;
        private final Map<String, String> properties = new HashMap<>();

        public Builder<T> setBootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        public Builder<T> setTopics(String... names) {
            topics.addAll(List.of(names));
            return this;
        }

        /** Every topic whose whole name matches, resolved once when the job first starts. */
        public Builder<T> setTopicPattern(Pattern pattern) {
            this.topicPattern = Objects.requireNonNull(pattern);
            return this;
        }

        /** Only for reporting progress (offsets committed on checkpoint completion) and {@link StartingOffsets#committed}. */
        public Builder<T> setGroupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** Where to start without a checkpoint; default {@link StartingOffsets#earliest()}. */
        public Builder<T> setStartingOffsets(StartingOffsets offsets) {
            this.startingOffsets = Objects.requireNonNull(offsets);
            return this;
        }

        /** Read each partition up to its end at the first start, then finish. */
        public Builder<T> setBounded() {
            this.bounded = true;
            return this;
        }

        public Builder<T> setDeserializer(KafkaRecordDeserializer<T> deserializer) {
            this.deserializer = deserializer;
            return this;
        }

        /** Divert records the deserializer rejects to this topic instead of failing the job. */
        public Builder<T> setDeadLetterTopic(String topic) {
            this.deadLetterTopic = topic;
            return this;
        }

        /** Any consumer property (security settings, fetch sizes); secrets never appear in Weir's messages. */
        public Builder<T> setProperty(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public KafkaSource<T> build() {
            KafkaSource<T> source = new KafkaSource<>(this);
            source.validate();
            return source;
        }
    }
}
