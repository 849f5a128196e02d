package dev.weir.kafka;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.Sink;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichMapFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.serialization.DeserializationSchema;
import dev.weir.api.serialization.SerializationSchema;
import dev.weir.api.testing.FaultInjector;
import dev.weir.api.typeinfo.TypeInformation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the weir-kafka tests share: writing input, reading the broker's view, failing jobs on purpose. */
final class KafkaTesting {
    /** A number as its decimal text, UTF-8. */
    static final SerializationSchema<Long> DECIMAL = value -> Long.toString(value).getBytes(StandardCharsets.UTF_8);

    private KafkaTesting() {
    }

    /** Decimal text as an Integer; anything else is rejected (a malformed record). */
    static final class Numbers implements DeserializationSchema<Integer> {
        @Override
        public Integer deserialize(byte[] message) {
            return Integer.parseInt(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public boolean isEndOfStream(Integer nextElement) {
            return false;
        }

        @Override
        public TypeInformation<Integer> getProducedType() {
            return TypeInformation.of(Integer.class);
        }
    }

    static Properties producerProps(String servers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return props;
    }

    /**
     * Creates the topic and waits until every partition's leader serves requests. The broker lists a
     * new topic a moment before its partitions accept writes; an idempotent producer that writes
     * then gets NOT_LEADER_OR_FOLLOWER, and with several batches in flight it can end in
     * OUT_OF_ORDER_SEQUENCE_NUMBER retries until its delivery timeout.
     */
    static void createTopic(dev.weir.kafka.broker.LocalKafkaBroker broker, String name, int partitions)
            throws Exception {
        broker.createTopic(name, partitions); // returns once every partition's leader answers
    }

    static ProducerRecord<byte[], byte[]> record(String topic, int partition, String value) {
        return new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8));
    }

    static ProducerRecord<byte[], byte[]> record(String topic, int partition, long timestamp, String value) {
        return new ProducerRecord<>(topic, partition, timestamp, null, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the records without a transaction and waits until all are acknowledged. */
    static void produce(String servers, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(servers),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
    }

    /** The values {@code "0".."n-1"}, value i into partition {@code i % partitions}. */
    static void produceNumbers(String servers, String topic, int partitions, int n) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(record(topic, i % partitions, Integer.toString(i)));
        }
        produce(servers, records);
    }

    /** Writes the records in one transaction under {@code transactionalId} and commits or aborts it. */
    static void produceTransaction(String servers, String transactionalId, boolean commit,
                                   List<ProducerRecord<byte[], byte[]>> records) {
        Properties props = producerProps(servers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            records.forEach(producer::send);
            producer.flush();
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    /** Writes the records in a transaction and goes away without ending it, as a killed process would. */
    static void leaveTransactionOpen(String servers, String transactionalId, List<ProducerRecord<byte[], byte[]>> records) {
        Properties props = producerProps(servers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer());
        producer.initTransactions();
        producer.beginTransaction();
        records.forEach(producer::send);
        producer.flush();
        producer.close(java.time.Duration.ZERO);
    }

    /** Aborts whatever transaction is open under the id (initTransactions fences it). */
    static void fence(String servers, String transactionalId) {
        Properties props = producerProps(servers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
        }
    }

    /** The last producer epoch a transaction can use; committing at it moves the id to a new producer id. */
    static final short LAST_EPOCH = Short.MAX_VALUE - 1;

    /**
     * Raises the producer epoch of each transactional id (none open) until {@code initTransactions}
     * gives it {@code epoch}, by initialising one producer per id again and again (about 0.6 ms per
     * epoch on a local broker; a new producer per step would take 100 ms). Ids are driven in parallel.
     * Returns the producer id and epoch each id has then.
     */
    static Map<String, VersionedKafkaTransaction.IdAndEpoch> driveEpochs(String servers, List<String> transactionalIds,
                                                                         short epoch) throws Exception {
        Map<String, VersionedKafkaTransaction.IdAndEpoch> reached = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (String id : transactionalIds) {
            Thread t = new Thread(() -> {
                try {
                    reached.put(id, driveEpoch(servers, id, epoch));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "drive-epoch-" + id);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not drive the producer epochs: " + failure.get(), failure.get());
        }
        return reached;
    }

    private static VersionedKafkaTransaction.IdAndEpoch driveEpoch(String servers, String transactionalId, short epoch)
            throws ReflectiveOperationException {
        Properties props = producerProps(servers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            // Back to "uninitialised" (a valid transition from "ready"), so that initTransactions runs again.
            java.lang.reflect.Field managerField = KafkaProducer.class.getDeclaredField("transactionManager");
            managerField.setAccessible(true);
            Object manager = managerField.get(producer);
            Class<?> state = Class.forName(manager.getClass().getName() + "$State");
            java.lang.reflect.Method transitionTo = manager.getClass().getDeclaredMethod("transitionTo", state);
            transitionTo.setAccessible(true);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object uninitialized = Enum.valueOf((Class) state, "UNINITIALIZED");
            VersionedKafkaTransaction.IdAndEpoch now = ProducerInternals.idAndEpoch(producer);
            if (now.epoch() > epoch) {
                throw new IllegalStateException(transactionalId + " is already at " + now + ", past epoch " + epoch);
            }
            while (now.epoch() < epoch) {
                synchronized (manager) {
                    transitionTo.invoke(manager, uninitialized);
                }
                producer.initTransactions();
                now = ProducerInternals.idAndEpoch(producer);
            }
            return now;
        }
    }

    static Admin admin(String servers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        return Admin.create(props);
    }

    /** The offsets committed for the group, by partition ("topic-partition" → offset), sorted. */
    static Map<String, Long> groupOffsets(String servers, String group) throws Exception {
        try (Admin admin = admin(servers)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<String, Long> shown = new TreeMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    shown.put(tp.toString(), o.offset());
                }
            });
            return shown;
        }
    }

    static void commitGroupOffset(String servers, String group, String topic, int partition, long offset)
            throws Exception {
        try (Admin admin = admin(servers)) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, partition),
                    new OffsetAndMetadata(offset))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** The end offsets of the topic's partitions ("topic-partition" → offset), sorted. */
    static Map<String, Long> endOffsets(String servers, String topic, int partitions) throws Exception {
        try (Admin admin = admin(servers)) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<String, Long> shown = new TreeMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> shown.put(tp.toString(), info.offset()));
            return shown;
        }
    }

    /** Every transactional id starting with {@code prefix} that the broker knows, in any state. */
    static List<String> allTransactionalIds(String servers, String prefix) throws Exception {
        try (Admin admin = admin(servers)) {
            List<String> ids = new ArrayList<>();
            for (TransactionListing listing : admin.listTransactions().all().get(30, TimeUnit.SECONDS)) {
                if (listing.transactionalId().startsWith(prefix)) {
                    ids.add(listing.transactionalId());
                }
            }
            Collections.sort(ids);
            return ids;
        }
    }

    /** The values as numbers, sorted: two equal lists mean the same multiset. */
    static List<Long> sortedNumbers(List<String> values) {
        List<Long> numbers = new ArrayList<>(values.size());
        values.forEach(v -> numbers.add(Long.parseLong(v)));
        Collections.sort(numbers);
        return numbers;
    }

    static List<Long> range(long fromInclusive, long toExclusive) {
        List<Long> numbers = new ArrayList<>();
        for (long i = fromInclusive; i < toExclusive; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    /** The whole failure as printed: every message and stack frame of the cause chain. */
    static String fullText(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** A port on 127.0.0.1 that nothing listens on (free when probed). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A fault injector that throws once, in the first run, when {@code when} says so. */
    static FaultInjector failOnceAt(FaultInjector.Point point, int subtask, long fromCheckpoint,
                                    java.util.concurrent.atomic.AtomicInteger injected) {
        return (at, task, checkpointId, attempt) -> {
            if (at == point && attempt == 0 && task != null && task.subtaskIndex() == subtask
                    && (checkpointId < 0 || checkpointId >= fromCheckpoint) && injected.compareAndSet(0, 1)) {
                throw new FaultInjector.InjectedFault("injected at " + at + " of checkpoint " + checkpointId);
            }
        };
    }

    /**
     * Passes records through. In the first run ({@code attempt 0}) it is slow (one record per
     * millisecond, so the bounded input cannot end before the failure), and subtask 0 throws at the
     * first record after {@code checkpoints} checkpoints have completed. Later runs are fast; with
     * {@code checkpoints < 0} it never fails (for a resumed job).
     */
    static final class FailAfterCheckpoints<T> extends RichMapFunction<T, T> implements CheckpointListener {
        private final int checkpoints;
        private transient int attempt;
        private transient int subtask;
        private transient int completed;
        private transient long mapped;

        FailAfterCheckpoints(int checkpoints) {
            this.checkpoints = checkpoints;
        }

        static <T> FailAfterCheckpoints<T> never() {
            return new FailAfterCheckpoints<>(-1);
        }

        @Override
        public void open(OpenContext openContext) {
            RuntimeContext context = getRuntimeContext();
            attempt = context.getTaskInfo().getAttemptNumber();
            subtask = context.getTaskInfo().getIndexOfThisSubtask();
            completed = 0;
            mapped = 0;
        }

        @Override
        public T map(T value) throws Exception {
            mapped++;
            if (attempt == 0 && checkpoints >= 0) {
                if (subtask == 0 && completed >= checkpoints) {
                    throw new IllegalStateException("the map fails on purpose after " + completed + " checkpoints");
                }
                Thread.sleep(1);
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (mapped > 0) { // only checkpoints that hold progress count (a slow start may checkpoint nothing)
                completed++;
            }
        }
    }

    /** Keeps every record it is given at once (not at the end), for jobs that never end by themselves. */
    static final class LiveCollectSink<T> implements Sink<T> {
        private final List<T> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void write(T value) {
            seen.add(value);
        }

        List<T> seen() {
            synchronized (seen) {
                return new ArrayList<>(seen);
            }
        }
    }
}
