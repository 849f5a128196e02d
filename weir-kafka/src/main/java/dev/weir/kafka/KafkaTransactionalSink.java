package dev.weir.kafka;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.TransactionLostException;
import dev.weir.api.connector.TwoPhaseCommitSink;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.testing.FaultInjector;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionAbortedException;

/**
 * The exactly-once Kafka sink: a {@link TwoPhaseCommitSink} whose transactions are Kafka
 * transactions.
 *
 * <ul>
 *   <li><b>begin</b>: take the lowest free id of the subtask's {@link TransactionalIdPool}; its
 *       producer (created and {@code initTransactions()}-ed once, which also fences anything an
 *       earlier run left open under that id) begins a transaction.</li>
 *   <li><b>pre-commit</b> at the barrier: record producer id, epoch and transaction protocol version
 *       (the {@link VersionedKafkaTransaction} stored in the checkpoint); the flush runs off the task thread before the acknowledgement, while records
 *       already flow into the next transaction under another id.</li>
 *   <li><b>commit</b> when the checkpoint completes: {@code commitTransaction()} on the live
 *       producer; after a restore, from a new producer that resumes the stored producer id and epoch
 *       ({@link ProducerInternals}). A broker that no longer has the transaction (it timed out) is
 *       data loss and fails the job with {@link TransactionLostException}. With protocol v2 the
 *       commit at the last epoch (32766) gives the id a new producer id; a repeated commit (a restore
 *       after a crash in the middle of the commit) is still answered as done. A broker that maps the
 *       id to another producer id while the checkpoint still lists the transaction (aborted at the
 *       last epoch, fenced, or committed and reused after a restore from an older checkpoint) cannot
 *       say whether it was committed: that fails the job too, naming the transaction.</li>
 *   <li><b>recover</b>: commit the restored pending transactions, then abort every open transaction
 *       under the prefix that the checkpoint does not list, found with the admin
 *       {@code listTransactions} call; old subtask {@code i}'s ids are new subtask
 *       {@code i % parallelism}'s to clean.</li>
 * </ul>
 */
final class KafkaTransactionalSink<T> extends TwoPhaseCommitSink<T, KafkaTransactionHandle> {
    static final long DEFAULT_TRANSACTION_TIMEOUT_MS = Duration.ofMinutes(15).toMillis();

    private final KafkaSink.Settings<T> settings;
    private transient Properties producerProperties;
    private transient Map<String, SinkProducer> producers;
    private transient TransactionalIdPool pool;
    private transient SinkProducer current;
    private transient SinkRecordSerializer<T> serializer;
    /** Only while {@link #open} runs: start-up checks and the search for leftovers. */
    private transient Admin admin;
    private transient Properties adminProperties;

    KafkaTransactionalSink(KafkaSink.Settings<T> settings) {
        this.settings = settings;
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        ProducerInternals.check();
        producerProperties = new Properties();
        producerProperties.putAll(settings.properties());
        producerProperties.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(DEFAULT_TRANSACTION_TIMEOUT_MS));
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producers = new ConcurrentHashMap<>();
        adminProperties = KafkaClients.properties(settings.bootstrapServers(), settings.properties(), Map.of());
        try (Admin startUp = KafkaClients.admin(adminProperties)) {
            admin = startUp; // one admin client for the start-up checks and the search for leftovers
            checkTopicAndTimeouts(context);
            super.open(context); // commits the restored pending transactions, aborts leftovers, begins
        } finally {
            admin = null;
        }
        // Partitions are looked up through whichever producer writes the current transaction.
        serializer = new SinkRecordSerializer<>(settings.serializer(), context.getTaskInfo().getIndexOfThisSubtask(),
                context.getTaskInfo().getNumberOfParallelSubtasks(), topic -> current.producer.partitionsFor(topic));
    }

    /** Refuses a transaction timeout that lets the broker abort a transaction before its checkpoint commits it. */
    private void checkTopicAndTimeouts(RuntimeContext context) {
        long timeoutMs = Long.parseLong(producerProperties.getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
        if (context.isCheckpointingEnabled()) {
            Duration longestOpen = context.getCheckpointInterval().plus(context.getCheckpointTimeout());
            if (timeoutMs <= longestOpen.toMillis()) {
                throw new IllegalArgumentException("KafkaSink: transaction.timeout.ms=" + timeoutMs + " is not longer "
                        + "than the checkpoint interval plus the checkpoint timeout (" + longestOpen.toMillis() + " ms): "
                        + "the broker could abort a transaction before its checkpoint completes, and its records would "
                        + "be lost. Raise transaction.timeout.ms (at most the brokers' transaction.max.timeout.ms) or "
                        + "lower the checkpoint timeout");
            }
        }
        if (settings.topic() != null) {
            KafkaClients.partitionsOf(admin, Set.of(settings.topic()), adminProperties);
        }
        OptionalLong brokerMax = brokerMaxTransactionTimeoutMs();
        if (brokerMax.isPresent() && timeoutMs > brokerMax.getAsLong()) {
            throw new IllegalArgumentException("KafkaSink: transaction.timeout.ms=" + timeoutMs + " is larger than "
                    + "the brokers' transaction.max.timeout.ms=" + brokerMax.getAsLong() + " at bootstrap.servers="
                    + settings.bootstrapServers() + ": lower transaction.timeout.ms (it must stay longer than the "
                    + "checkpoint interval plus timeout) or raise transaction.max.timeout.ms on the brokers");
        }
    }

    /** The brokers' {@code transaction.max.timeout.ms}; empty if not allowed to read it (the broker then checks at initTransactions). */
    private OptionalLong brokerMaxTransactionTimeoutMs() {
        var nodes = KafkaClients.await(admin.describeCluster().nodes(), adminProperties, "describe the cluster");
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(nodes.iterator().next().id()));
        Map<ConfigResource, Config> configs;
        try {
            configs = KafkaClients.await(admin.describeConfigs(Set.of(broker)).all(), adminProperties,
                    "read the broker configuration");
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof AuthorizationException)) {
                throw e;
            }
            org.slf4j.LoggerFactory.getLogger(KafkaTransactionalSink.class).warn("cannot read transaction.max.timeout.ms of the brokers (not authorized); not checked");
            return OptionalLong.empty();
        }
        ConfigEntry max = configs.get(broker).get("transaction.max.timeout.ms");
        return max == null || max.value() == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(max.value()));
    }

    @Override
    protected void abortLeftovers(Collection<KafkaTransactionHandle> pendingInCheckpoint, int subtaskIndex,
                                  int parallelism) {
        Set<String> pendingIds = new HashSet<>();
        pendingInCheckpoint.forEach(t -> pendingIds.add(t.versioned().transactionalId()));
        pool = new TransactionalIdPool(settings.transactionalIdPrefix(), subtaskIndex, pendingIds);
        Collection<TransactionListing> open = KafkaClients.await(admin.listTransactions(new ListTransactionsOptions()
                .filterStates(Set.of(TransactionState.ONGOING))).all(), adminProperties, "list open transactions");
        for (TransactionListing listing : open) {
            String id = listing.transactionalId();
            int oldSubtask = TransactionalIdPool.subtaskOf(settings.transactionalIdPrefix(), id);
            if (oldSubtask >= 0 && oldSubtask % parallelism == subtaskIndex && !pendingIds.contains(id)) {
                // initTransactions() bumps the epoch: the broker aborts the open transaction and fences its producer.
                try (SinkProducer fencer = new SinkProducer(producerProperties, id)) {
                    fencer.producer.initTransactions();
                }
            }
        }
    }

    @Override
    protected KafkaTransactionHandle beginTransaction() {
        String id = pool.acquire();
        current = producers.computeIfAbsent(id, this::initializedProducer);
        current.recordsInTransaction = 0;
        current.producer.beginTransaction();
        return VersionedKafkaTransaction.open(id);
    }

    private SinkProducer initializedProducer(String id) {
        SinkProducer producer = new SinkProducer(producerProperties, id);
        producer.producer.initTransactions();
        return producer;
    }

    @Override
    protected void write(KafkaTransactionHandle transaction, T value) {
        ProducerRecord<byte[], byte[]> record = serializer.serialize(value);
        if (record != null) {
            current.send(record);
        }
    }

    @Override
    protected KafkaTransactionHandle preCommit(KafkaTransactionHandle transaction, long checkpointId) {
        current.throwIfFailed();
        VersionedKafkaTransaction.IdAndEpoch idAndEpoch = ProducerInternals.idAndEpoch(current.producer);
        return new VersionedKafkaTransaction(transaction.versioned().transactionalId(), idAndEpoch.producerId(),
                idAndEpoch.epoch(), ProducerInternals.transactionVersion(current.producer),
                current.recordsInTransaction > 0);
    }

    @Override
    protected void makeDurable(KafkaTransactionHandle transaction) {
        producers.get(transaction.versioned().transactionalId()).flush();
    }

    @Override
    protected void commit(KafkaTransactionHandle handle) throws Exception {
        VersionedKafkaTransaction transaction = handle.versioned(); // checkpoints without a version: v2
        try {
            SinkProducer live = producers.get(transaction.transactionalId());
            if (live != null) {
                live.producer.commitTransaction();
                faultPoint(FaultInjector.Point.MID_COMMIT, -1); // committed, not yet recorded as such
                pool.committed(transaction.transactionalId());
            } else if (transaction.hasRecords()) {
                commitResumed(transaction);
                faultPoint(FaultInjector.Point.MID_COMMIT, -1);
            }
        } catch (RuntimeException e) {
            if (isLost(e)) {
                throw lost(transaction, e);
            }
            throw e;
        }
    }

    /** Commits a transaction that a previous run pre-committed, from a producer resuming its id and epoch. */
    private void commitResumed(VersionedKafkaTransaction transaction) {
        try (SinkProducer resumed = new SinkProducer(producerProperties, transaction.transactionalId())) {
            if (settings.topic() != null) {
                resumed.producer.partitionsFor(settings.topic()); // connects; fails here if the topic is gone
            }
            ProducerInternals.resume(resumed.producer, transaction.producerId(), transaction.epoch(),
                    transaction.transactionVersion());
            resumed.producer.commitTransaction();
        }
    }

    /**
     * Whether the broker says the transaction can no longer be committed: the id's epoch moved past
     * it (fenced, aborted after its timeout, or committed and the id used again), the id moved on
     * to another producer id (the same, after the epoch ran out and the broker gave the id a new
     * producer id), or the transaction is not in a state to commit.
     */
    static boolean isLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof InvalidTxnStateException || t instanceof TransactionAbortedException
                    || t instanceof InvalidPidMappingException) {
                return true;
            }
        }
        return false;
    }

    private static boolean movedToAnotherProducerId(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidPidMappingException) {
                return true;
            }
        }
        return false;
    }

    private TransactionLostException lost(VersionedKafkaTransaction transaction, RuntimeException e) {
        String timeout = "transaction.timeout.ms=" + producerProperties.getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)
                + " ms";
        String now = brokerViewOf(transaction.transactionalId());
        String message;
        if (movedToAnotherProducerId(e)) {
            message = "the Kafka brokers at bootstrap.servers=" + settings.bootstrapServers() + " no longer map "
                    + "transactional id " + transaction.transactionalId() + " to producer id " + transaction.producerId()
                    + " (" + now + "), so transaction " + transaction + " cannot be committed (" + e + "). The broker "
                    + "gives a transactional id a new producer id when a transaction under it ends at the last producer "
                    + "epoch (" + (Short.MAX_VALUE - 1) + "), or when the id expired (transactional.id.expiration.ms). "
                    + "Either this transaction was aborted (after " + timeout + ", or fenced by another producer with "
                    + "the same transactional id, e.g. another job with transactional id prefix "
                    + settings.transactionalIdPrefix() + ") and its records in " + settings.topics() + " are lost; "
                    + "or it was committed and the id was used again since, which happens when a job restores from "
                    + "a checkpoint older than its newest (its records are then in the topic already). The broker "
                    + "does not say which: check the topic with a read_committed consumer. Every restore of this "
                    + "checkpoint fails the same way: restore from the newest checkpoint if this one is older, or start "
                    + "over (--fresh, setStartFresh(true)) to accept the loss";
        } else {
            message = "the Kafka brokers at bootstrap.servers=" + settings.bootstrapServers() + " no longer have "
                    + "transaction " + transaction + " open (" + e + "; " + now + "): most likely it was aborted after "
                    + timeout + ", and its records are lost. Raise transaction.timeout.ms above the longest time from a "
                    + "checkpoint to its commit, including restarts, and at most the brokers' transaction.max.timeout.ms";
        }
        TransactionLostException lost = new TransactionLostException(message);
        lost.initCause(e);
        return lost;
    }

    /** What the broker says of the id now ("now producer id 12, epoch 3, CompleteCommit"), for error messages. */
    private String brokerViewOf(String transactionalId) {
        try (Admin describe = KafkaClients.admin(adminProperties)) {
            TransactionDescription d = describe.describeTransactions(Set.of(transactionalId)).description(transactionalId)
                    .get(10, TimeUnit.SECONDS);
            return "the broker has it now at producer id " + d.producerId() + ", epoch " + d.producerEpoch() + ", state "
                    + d.state();
        } catch (Exception describeFailed) {
            return "the broker's current state of the id is unknown: " + describeFailed;
        }
    }

    @Override
    protected void abort(KafkaTransactionHandle transaction) {
        String id = transaction.versioned().transactionalId();
        SinkProducer live = producers.get(id);
        if (live != null && live.recordsInTransaction == 0) {
            live.producer.abortTransaction(); // nothing reached the broker: completes locally
            pool.aborted(id);
        }
        // With records: the broker may be gone (we are failing); the next run's recovery fences it.
    }

    @Override
    public void snapshotState(FunctionSnapshotContext snapshot) throws Exception {
        long checkpointId = snapshot.getCheckpointId();
        pool.snapshotTaken(checkpointId); // before this snapshot begins a transaction under a freed id
        super.snapshotState(snapshot);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        pool.checkpointCompleted(checkpointId);
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (producers != null) {
                producers.values().forEach(SinkProducer::close);
                producers.clear();
            }
        }
    }

    /** How many transactional ids this subtask has used (for tests: the pool stays small). */
    int transactionalIdsUsed() {
        return pool.size();
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
