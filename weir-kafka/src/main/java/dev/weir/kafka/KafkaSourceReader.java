package dev.weir.kafka;

import dev.weir.api.Collector;
import dev.weir.api.connector.ReaderOutput;
import dev.weir.api.connector.SourceOutput;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.serialization.DeserializationSchema;
import dev.weir.runtime.FunctionCopies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the partitions of one source subtask with a consumer that is assigned them directly (no
 * group membership) and polled on the task thread without blocking. The offset of the next record
 * to emit per partition is what goes into the checkpoint.
 */
final class KafkaSourceReader<T> implements SourceReader<T, KafkaPartitionSplit>, CheckpointListener {
    private static final long IDLE_WAIT_NANOS = 2_000_000L;
    /**
     * Records one non-blocking poll may return unless {@code max.poll.records} is set (Kafka's default
     * is 500): each poll has a fixed cost (fetch bookkeeping, a new {@code ConsumerRecords}), and a poll
     * of a few thousand small records still takes only milliseconds, after which the task runs its mailbox.
     */
    static final int DEFAULT_MAX_POLL_RECORDS = 2000;
    private static final Duration FINAL_COMMIT_TIMEOUT = Duration.ofSeconds(10);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KafkaSourceReader.class);
    private static final DeserializationSchema.InitializationContext NO_CONTEXT =
            new DeserializationSchema.InitializationContext() {
            };
    /** How much of a rejected record's value the error policy shows (as UTF-8 text). */
    private static final int SHOWN_BYTES = 4096;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, KafkaPartitionSplit> splits = new LinkedHashMap<>();
    private final SourceContext context;
    private final KafkaRecordDeserializationSchema<T> deserializer;
    private final Emitter<T> emitter = new Emitter<>();
    private ReaderOutput<T> readerOutput; // set at the first poll when the task offers per-split outputs
    private final String groupId;
    private final DeadLetters deadLetters;
    private ConsumerRecord<byte[], byte[]> lastEmitted;
    /**
     * Where the bounded partitions that are done ended (their stop offset): no longer in
     * {@link #splits} nor in checkpoints, but still reported to the consumer group.
     */
    private final Map<TopicPartition, Long> finishedOffsets = new HashMap<>();
    /** Offsets snapshotted per checkpoint, committed to the group when the checkpoint completes. */
    private final TreeMap<Long, Map<TopicPartition, OffsetAndMetadata>> offsetsToCommit = new TreeMap<>();

    KafkaSourceReader(SourceContext context, List<KafkaPartitionSplit> assigned, Properties clientProperties,
                      String groupId, String clientIdPrefix, KafkaRecordDeserializationSchema<T> deserializer,
                      String deadLetterTopic) throws Exception {
        this.context = context;
        this.deserializer = FunctionCopies.perSubtaskCopy(deserializer); // the source, and so its schema, is shared
        this.deserializer.open(NO_CONTEXT);
        this.groupId = groupId;
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A position below the log start (records deleted by retention since the checkpoint or commit) would
        // otherwise jump to the end (Kafka's default "latest") and silently skip every record still there.
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(DEFAULT_MAX_POLL_RECORDS));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        if (clientIdPrefix != null) {
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + context.getSubtaskIndex());
        } else {
            props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "weir-source-" + context.getSubtaskIndex());
        }
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        } else {
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        }
        this.consumer = new KafkaConsumer<>(props);
        for (KafkaPartitionSplit split : assigned) {
            TopicPartition tp = new TopicPartition(split.topic(), split.partition());
            if (split.nextOffset() < split.stopOffset()) {
                splits.put(tp, split);
            } else {
                finishedOffsets.put(tp, split.stopOffset());
            }
        }
        consumer.assign(splits.keySet());
        splits.forEach((tp, split) -> consumer.seek(tp, split.nextOffset()));
        try {
            this.deadLetters = deadLetterTopic == null ? null : new DeadLetters(deadLetterTopic, clientProperties);
        } catch (RuntimeException e) {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO)); // no reader to close it
            throw e;
        }
    }

    /** {@code topic T partition P offset O} of the record emitted last. */
    @Override
    public String positionOfLastRecord() {
        ConsumerRecord<byte[], byte[]> record = lastEmitted;
        return record == null ? null
                : "topic " + record.topic() + " partition " + record.partition() + " offset " + record.offset();
    }

    @Override
    public InputStatus pollNext(Collector<T> output) throws Exception {
        emitter.downstream = output;
        if (output instanceof ReaderOutput<T> readerOutput && this.readerOutput == null) {
            // Every partition holds the watermark back from the start, also before its first record.
            this.readerOutput = readerOutput;
            for (TopicPartition tp : splits.keySet()) {
                readerOutput.createOutputForSplit(tp.toString());
            }
        }
        InputStatus status = poll();
        if (status == InputStatus.END_OF_INPUT && deadLetters != null) {
            // Without checkpoints nothing else flushes them, and close() drops what is still unsent.
            deadLetters.flush();
        }
        return status;
    }

    private InputStatus poll() throws Exception {
        if (splits.isEmpty()) {
            return InputStatus.END_OF_INPUT;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ZERO);
        if (records.isEmpty()) {
            return finishReachedPartitions() ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }
        for (TopicPartition tp : records.partitions()) {
            KafkaPartitionSplit split = splits.get(tp);
            if (split == null) {
                continue; // finished earlier; the consumer had prefetched more
            }
            long next = split.nextOffset();
            emitter.split = readerOutput == null ? null : readerOutput.createOutputForSplit(tp.toString());
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                if (record.offset() >= split.stopOffset()) {
                    break;
                }
                lastEmitted = record; // a reference, no allocation: its position is built only on error
                emitter.timestamp = record.timestamp(); // as Flink's KafkaSource: the record's timestamp
                deserialize(record);
                next = record.offset() + 1;
            }
            splits.put(tp, split.withNextOffset(next));
        }
        finishReachedPartitions();
        return splits.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
    }

    /** Emits what the record holds; a record the schema rejects goes to the dead-letter topic or the error policy. */
    private void deserialize(ConsumerRecord<byte[], byte[]> record) throws Exception {
        try {
            deserializer.deserialize(record, emitter);
        } catch (Exception e) {
            RuntimeException downstream = emitter.takeFailure();
            if (downstream != null) {
                throw downstream; // an operator after the source failed: not a malformed record
            }
            if (deadLetters != null) {
                deadLetters.send(record, e);
            } else {
                context.onMalformedRecord(shown(record.value()), e, positionOfLastRecord());
            }
        }
    }

    private static String shown(byte[] value) {
        return value == null ? "null" : new String(value, 0, Math.min(value.length, SHOWN_BYTES), StandardCharsets.UTF_8);
    }

    /** Drops bounded partitions whose position reached the stop offset; true when none is left. */
    private boolean finishReachedPartitions() {
        boolean changed = false;
        for (Iterator<Map.Entry<TopicPartition, KafkaPartitionSplit>> it = splits.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, KafkaPartitionSplit> entry = it.next();
            KafkaPartitionSplit split = entry.getValue();
            if (!split.isBounded()) {
                continue;
            }
            // Transaction markers take offsets too: the consumer's position, not the last record, says we are done.
            long position = split.nextOffset() >= split.stopOffset() ? split.nextOffset() : consumer.position(entry.getKey());
            if (position >= split.stopOffset()) {
                finishedOffsets.put(entry.getKey(), split.stopOffset());
                it.remove();
                if (readerOutput != null) {
                    readerOutput.releaseOutputForSplit(entry.getKey().toString()); // no longer holds the watermark back
                }
                changed = true;
            }
        }
        if (changed) {
            consumer.assign(splits.keySet());
        }
        return splits.isEmpty();
    }

    @Override
    public long nanosUntilAvailable() {
        return IDLE_WAIT_NANOS;
    }

    @Override
    public List<KafkaPartitionSplit> snapshotSplits() {
        return new ArrayList<>(splits.values());
    }

    @Override
    public List<KafkaPartitionSplit> snapshotSplits(long checkpointId) {
        if (deadLetters != null) {
            deadLetters.flush(); // the checkpoint skips those records: their dead letters must be stored first
        }
        if (groupId != null) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            finishedOffsets.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
            splits.forEach((tp, split) -> offsets.put(tp, new OffsetAndMetadata(split.nextOffset())));
            offsetsToCommit.put(checkpointId, offsets);
        }
        return snapshotSplits();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map.Entry<Long, Map<TopicPartition, OffsetAndMetadata>> latest = offsetsToCommit.floorEntry(checkpointId);
        if (latest != null) {
            // For monitoring only: the checkpoint, not the group, is where a restore starts.
            if (splits.isEmpty()) {
                // The reader is done and about to close, which does not wait for an asynchronous commit
                // whose coordinator lookup was still under way: commit synchronously, nothing waits on it.
                try {
                    consumer.commitSync(latest.getValue(), FINAL_COMMIT_TIMEOUT);
                } catch (RuntimeException e) {
                    logCommitFailure(e);
                }
            } else {
                consumer.commitAsync(latest.getValue(), (offsets, e) -> {
                    if (e != null) {
                        logCommitFailure(e);
                    }
                });
            }
            offsetsToCommit.headMap(checkpointId, true).clear();
        }
    }

    private void logCommitFailure(Exception e) {
        // A retriable failure (coordinator moving or loading) is made good by the next checkpoint's commit.
        boolean retriable = e instanceof org.apache.kafka.common.errors.RetriableException
                || e instanceof org.apache.kafka.clients.consumer.RetriableCommitFailedException;
        LOG.atLevel(retriable ? org.slf4j.event.Level.DEBUG : org.slf4j.event.Level.WARN).log("could not commit the "
                + "offsets of a completed checkpoint to consumer group '{}' (they are only for monitoring and "
                + "StartingOffsets.committed; the checkpoint keeps the positions): {}", groupId,
                e + (e.getCause() == null ? "" : " caused by " + e.getCause()));
    }

    @Override
    public void close() {
        try {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        } finally {
            if (deadLetters != null) {
                deadLetters.close();
            }
        }
    }

    /**
     * Passes the schema's records on, remembering a failure of the operators after the source, so
     * that it is not taken for a malformed record even if the schema catches and wraps it.
     */
    private static final class Emitter<T> implements Collector<T> {
        Collector<T> downstream;
        SourceOutput<T> split; // the partition's own output (its watermark generator), when the task offers one
        long timestamp;
        private RuntimeException failure;

        @Override
        public void collect(T record) {
            try {
                if (split != null) {
                    split.collect(record, timestamp);
                } else {
                    downstream.collect(record);
                }
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        RuntimeException takeFailure() {
            RuntimeException e = failure;
            failure = null;
            return e;
        }
    }

    /** The producer of the dead-letter topic: idempotent, flushed before each checkpoint. */
    private static final class DeadLetters {
        private final String topic;
        private final SinkProducer producer;
        private boolean unflushed;

        DeadLetters(String topic, Properties clientProperties) {
            this.topic = topic;
            // Checked now: a send to a missing topic would block the task for max.block.ms (60 s) at the
            // first bad record, and then fail with Kafka's metadata timeout.
            try (org.apache.kafka.clients.admin.Admin admin = KafkaClients.admin(clientProperties)) {
                KafkaClients.partitionsOf(admin, java.util.Set.of(topic), clientProperties);
            }
            Properties props = new Properties();
            props.putAll(clientProperties);
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            this.producer = new SinkProducer(props, null);
        }

        void send(ConsumerRecord<byte[], byte[]> record, Exception error) {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            headers.add("weir.source.topic", record.topic().getBytes(StandardCharsets.UTF_8));
            headers.add("weir.source.partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add("weir.source.offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
            headers.add("weir.error", String.valueOf(error).getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value(), headers));
            unflushed = true;
        }

        void flush() {
            if (unflushed) {
                try {
                    producer.flush();
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("cannot write to the dead-letter topic '" + topic + "': "
                            + e.getCause(), e.getCause());
                }
                unflushed = false;
            }
        }

        void close() {
            producer.close();
        }
    }
}
