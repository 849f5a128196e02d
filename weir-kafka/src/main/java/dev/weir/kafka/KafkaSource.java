package dev.weir.kafka;

import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads Kafka topics as a replayable source: each partition is a split whose offset lives in the
 * checkpoint (not in the consumer group), so a restore replays exactly from there. Build one with
 * {@link #builder()}, as in Flink:
 *
 * <pre>{@code
 * KafkaSource<String> source = KafkaSource.<String>builder()
 *         .setBootstrapServers("127.0.0.1:9092")
 *         .setTopics("in")
 *         .setGroupId("my-job")
 *         .setStartingOffsets(OffsetsInitializer.earliest())
 *         .setValueOnlyDeserializer(new SimpleStringSchema())
 *         .build();
 * }</pre>
 *
 * <p><b>Assignment.</b> On a fresh start the partitions of the topics (of the topics matching the
 * pattern, resolved once at start, or the partitions given) are sorted by topic and partition and
 * dealt round-robin to the subtasks. After a restore the checkpointed splits are dealt again, so
 * another parallelism works. Partitions added to a topic after the first start are not picked up
 * (no discovery yet).
 *
 * <p><b>Reading.</b> Always {@code isolation.level=read_committed}: records of aborted or open
 * transactions are never emitted. The consumer is assigned partitions directly; the group id, if
 * set, is used only to report progress: the offsets of a checkpoint are committed to the group when
 * that checkpoint completes, for monitoring, and to start from with
 * {@link OffsetsInitializer#committedOffsets()}. Unless set, {@code max.poll.records} is 2000
 * (Kafka's default 500): fewer, larger polls cost less per record.
 *
 * <p><b>Starting and stopping.</b> The {@link OffsetsInitializer}s of
 * {@link KafkaSourceBuilder#setStartingOffsets} (default earliest) and
 * {@link KafkaSourceBuilder#setBounded} are resolved once, at the first start; the offsets they gave
 * are part of the checkpoint, so a restored job starts and stops at the same places. A bounded source
 * finishes when every partition has reached its stopping offset.
 *
 * <p><b>Deleted records.</b> If retention deleted the records at a partition's position (from the
 * checkpoint or the group), reading goes on at the first record still in the log
 * ({@code auto.offset.reset=earliest} unless set otherwise; {@code none} fails instead).
 *
 * <p><b>Bad records.</b> A record the deserializer rejects (throws for) goes to the source's error
 * policy ({@code setErrorPolicy} on the source's stream or the job): by default the job fails naming
 * the record's topic, partition and offset; the policy may skip it or send it to the dead-letter side
 * output. With {@link KafkaSourceBuilder#setDeadLetterTopic} it is instead written as-is to that topic
 * (headers {@code weir.source.topic}, {@code weir.source.partition}, {@code weir.source.offset},
 * {@code weir.error}) and skipped. Dead letters in a topic are at-least-once: they are flushed before
 * each checkpoint, and a replay after a failure may send one again.
 *
 * @param <OUT> record type
 */
public final class KafkaSource<OUT> implements Source<OUT, KafkaPartitionSplit> {
    private final Map<String, String> properties;
    private final String bootstrapServers;
    private final String groupId;
    private final String clientIdPrefix;
    private final List<String> topics;
    private final Pattern topicPattern;
    private final Set<TopicPartition> partitions;
    private final OffsetsInitializer startingOffsets;
    private final OffsetsInitializer stoppingOffsets;
    private final KafkaRecordDeserializationSchema<OUT> deserializer;
    private final String deadLetterTopic;

    KafkaSource(KafkaSourceBuilder<OUT> b) {
        this.properties = Map.copyOf(b.properties);
        this.bootstrapServers = properties.get(KafkaSourceBuilder.BOOTSTRAP_SERVERS);
        this.groupId = properties.get(KafkaSourceBuilder.GROUP_ID);
        this.clientIdPrefix = b.clientIdPrefix;
        this.topics = List.copyOf(b.topics);
        this.topicPattern = b.topicPattern;
        this.partitions = b.partitions == null ? null : Set.copyOf(b.partitions);
        this.startingOffsets = b.startingOffsets;
        this.stoppingOffsets = b.stoppingOffsets;
        this.deserializer = b.deserializer;
        this.deadLetterTopic = b.deadLetterTopic;
    }

    public static <OUT> KafkaSourceBuilder<OUT> builder() {
        return new KafkaSourceBuilder<>();
    }

    /** The type of the records, as the deserializer says. */
    public TypeInformation<OUT> getProducedType() {
        return deserializer.getProducedType();
    }

    @Override
    public void validate() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("KafkaSource: bootstrap servers are not set (setBootstrapServers)");
        }
        int subscriptions = (topics.isEmpty() ? 0 : 1) + (topicPattern == null ? 0 : 1) + (partitions == null ? 0 : 1);
        if (subscriptions != 1) {
            throw new IllegalArgumentException("KafkaSource: set exactly one of topics (setTopics), a topic pattern "
                    + "(setTopicPattern) or partitions (setPartitions)");
        }
        if (deserializer == null) {
            throw new IllegalArgumentException("KafkaSource: no deserializer (setValueOnlyDeserializer or setDeserializer)");
        }
        for (OffsetsInitializer offsets : new OffsetsInitializer[] {startingOffsets, stoppingOffsets}) {
            if (offsets instanceof Offsets.Committed && groupId == null) {
                throw new IllegalArgumentException("KafkaSource: committed offsets need a group id (setGroupId)");
            }
        }
        checkControlled("isolation.level", "read_committed", "Weir always reads read_committed");
        checkControlled("enable.auto.commit", "false", "offsets live in checkpoints and are committed to the group "
                + "when a checkpoint completes");
    }

    /** A property Weir sets itself may only be given the value Weir sets. */
    private void checkControlled(String key, String value, String why) {
        String given = properties.get(key);
        if (given != null && !given.trim().equalsIgnoreCase(value)) {
            throw new IllegalArgumentException("KafkaSource: property " + key + "=" + given + " is not supported: " + why
                    + " (" + key + "=" + value + "); remove it");
        }
    }

    @Override
    public List<KafkaPartitionSplit> initialSplits(int subtaskIndex, int parallelism) {
        Properties props = clientProperties();
        try (Admin admin = KafkaClients.admin(props)) {
            List<TopicPartition> all = resolvePartitions(admin, props);
            List<TopicPartition> mine = new ArrayList<>();
            for (int i = subtaskIndex; i < all.size(); i += parallelism) {
                mine.add(all.get(i));
            }
            if (mine.isEmpty()) {
                return List.of();
            }
            AdminOffsetsRetriever retriever = new AdminOffsetsRetriever(admin, props, groupId);
            Map<TopicPartition, Long> start = offsets(startingOffsets, "starting", mine, retriever);
            Map<TopicPartition, Long> stop = stoppingOffsets == null ? Map.of()
                    : offsets(stoppingOffsets, "stopping", mine, retriever);
            List<KafkaPartitionSplit> splits = new ArrayList<>();
            for (TopicPartition tp : mine) {
                splits.add(new KafkaPartitionSplit(tp.topic(), tp.partition(), start.get(tp),
                        stoppingOffsets == null ? KafkaPartitionSplit.UNBOUNDED : stop.get(tp)));
            }
            return splits;
        }
    }

    private Map<TopicPartition, Long> offsets(OffsetsInitializer initializer, String which, List<TopicPartition> mine,
                                              AdminOffsetsRetriever retriever) {
        Map<TopicPartition, Long> offsets = initializer.getPartitionOffsets(mine, retriever);
        List<TopicPartition> missing = mine.stream().filter(tp -> offsets.get(tp) == null || offsets.get(tp) < 0).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("KafkaSource: the " + which + " offsets initializer " + initializer
                    + " gave no offset (or a negative one) for partitions " + missing + ": " + offsets);
        }
        return offsets;
    }

    private List<TopicPartition> resolvePartitions(Admin admin, Properties props) {
        if (partitions != null) {
            Set<String> ofTopics = new TreeSet<>();
            partitions.forEach(tp -> ofTopics.add(tp.topic()));
            List<TopicPartition> existing = KafkaClients.partitionsOf(admin, ofTopics, props);
            List<TopicPartition> missing = partitions.stream().filter(tp -> !existing.contains(tp)).sorted(
                    java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("KafkaSource: partitions " + missing + " do not exist on the Kafka "
                        + "cluster at bootstrap.servers=" + bootstrapServers + " (it has " + existing + ")");
            }
            return existing.stream().filter(partitions::contains).toList();
        }
        return KafkaClients.partitionsOf(admin, resolveTopics(admin, props), props);
    }

    private Collection<String> resolveTopics(Admin admin, Properties props) {
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

    @Override
    public SourceReader<OUT, KafkaPartitionSplit> createReader(SourceContext context, List<KafkaPartitionSplit> splits)
            throws Exception {
        return new KafkaSourceReader<>(context, splits, clientProperties(), groupId,
                clientIdPrefix == null ? "weir-source" : clientIdPrefix, deserializer, deadLetterTopic);
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
                + (topicPattern != null ? " pattern " + topicPattern : partitions != null ? " partitions " + partitions
                : " topics " + topics);
    }
}
