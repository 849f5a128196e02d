package dev.weir.kafka;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.TransactionLostException;
import dev.weir.api.connector.TwoPhaseCommitSink;
import dev.weir.api.testing.FaultInjector;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
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
 *   <li><b>pre-commit</b> at the barrier: record producer id and epoch (the handle stored in the
 *       checkpoint); the flush runs off the task thread before the acknowledgement, while records
 *       already flow into the next transaction under another id.</li>
 *   <li><b>commit</b> when the checkpoint completes: {@code commitTransaction()} on the live
 *       producer; after a restore, from a new producer that resumes the stored producer id and epoch
 *       ({@link ProducerInternals}). A broker that no longer has the transaction (it timed out) is
 *       data loss and fails the job with {@link TransactionLostException}.</li>
 *   <li><b>recover</b>: commit the restored pending transactions, then abort every open transaction
 *       under the prefix that the checkpoint does not list, found with the admin
 *       {@code listTransactions} call; old subtask {@code i}'s ids are new subtask
 *       {@code i % parallelism}'s to clean.</li>
 * </ul>
 */
final class KafkaTransactionalSink<T> extends TwoPhaseCommitSink<T, KafkaTransaction> {
    static final long DEFAULT_TRANSACTION_TIMEOUT_MS = Duration.ofMinutes(15).toMillis();

    private final KafkaSink.Settings<T> settings;
    private transient Properties producerProperties;
    private transient Map<String, SinkProducer> producers;
    private transient TransactionalIdPool pool;
    private transient SinkProducer current;
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
        KafkaClients.partitionsOf(admin, Set.of(settings.topic()), adminProperties);
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
    protected void abortLeftovers(Collection<KafkaTransaction> pendingInCheckpoint, int subtaskIndex, int parallelism) {
        Set<String> pendingIds = new HashSet<>();
        pendingInCheckpoint.forEach(t -> pendingIds.add(t.transactionalId()));
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
    protected KafkaTransaction beginTransaction() {
        String id = pool.acquire();
        current = producers.computeIfAbsent(id, this::initializedProducer);
        current.recordsInTransaction = 0;
        current.producer.beginTransaction();
        return new KafkaTransaction(id, -1, (short) -1, false);
    }

    private SinkProducer initializedProducer(String id) {
        SinkProducer producer = new SinkProducer(producerProperties, id);
        producer.producer.initTransactions();
        return producer;
    }

    @Override
    protected void write(KafkaTransaction transaction, T value) throws Exception {
        current.send(settings.serializer().serialize(value));
    }

    @Override
    protected KafkaTransaction preCommit(KafkaTransaction transaction, long checkpointId) {
        current.throwIfFailed();
        KafkaTransaction.IdAndEpoch idAndEpoch = ProducerInternals.idAndEpoch(current.producer);
        return new KafkaTransaction(transaction.transactionalId(), idAndEpoch.producerId(), idAndEpoch.epoch(),
                current.recordsInTransaction > 0);
    }

    @Override
    protected void makeDurable(KafkaTransaction transaction) {
        producers.get(transaction.transactionalId()).flush();
    }

    @Override
    protected void commit(KafkaTransaction transaction) throws Exception {
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
    private void commitResumed(KafkaTransaction transaction) {
        try (SinkProducer resumed = new SinkProducer(producerProperties, transaction.transactionalId())) {
            resumed.producer.partitionsFor(settings.topic()); // learns the cluster's transaction protocol version
            ProducerInternals.resume(resumed.producer, transaction.producerId(), transaction.epoch());
            resumed.producer.commitTransaction();
        }
    }

    static boolean isLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof InvalidTxnStateException || t instanceof TransactionAbortedException) {
                return true;
            }
        }
        return false;
    }

    private TransactionLostException lost(KafkaTransaction transaction, RuntimeException e) {
        TransactionLostException lost = new TransactionLostException("the Kafka brokers at bootstrap.servers="
                + settings.bootstrapServers() + " no longer have transaction " + transaction + " open (" + e
                + "): most likely it was aborted after transaction.timeout.ms="
                + producerProperties.getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG) + " ms, and its records "
                + "are lost. Raise transaction.timeout.ms above the longest time from a checkpoint to its commit, "
                + "including restarts, and at most the brokers' transaction.max.timeout.ms");
        lost.initCause(e);
        return lost;
    }

    @Override
    protected void abort(KafkaTransaction transaction) {
        SinkProducer live = producers.get(transaction.transactionalId());
        if (live != null && live.recordsInTransaction == 0) {
            live.producer.abortTransaction(); // nothing reached the broker: completes locally
            pool.aborted(transaction.transactionalId());
        }
        // With records: the broker may be gone (we are failing); the next run's recovery fences it.
    }

    @Override
    public void snapshotState(long checkpointId) throws Exception {
        pool.snapshotTaken(checkpointId); // before this snapshot begins a transaction under a freed id
        super.snapshotState(checkpointId);
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
