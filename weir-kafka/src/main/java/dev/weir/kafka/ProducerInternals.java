package dev.weir.kafka;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The one place where Weir reaches into kafka-clients internals: reading a transactional
 * producer's id and epoch at pre-commit, and resuming that transaction from a new producer after
 * a restart so it can be committed.
 *
 * <p>Why: Kafka 4.4 has no public API to commit a transaction from another producer instance
 * (KIP-939's {@code prepareTransaction}/{@code initTransactions(keepPreparedTxn)} is not usable with
 * 4.4 brokers), and a restored checkpoint must commit what the crashed process pre-committed.
 * Resuming sets the producer id and epoch in the client's {@code TransactionManager} and moves it
 * to "in transaction", so that {@code commitTransaction()} sends EndTxn for that producer id and
 * epoch; the broker treats a repeated commit as a no-op. With transaction protocol v2 the broker
 * bumps the epoch at every commit, and the commit of a transaction at the last epoch (32766) moves
 * the transactional id to a new producer id at epoch 0; a repeated commit with the old producer id
 * and epoch is still a no-op as long as nothing else happened under the id since (verified against
 * a 4.4 broker by {@code ProducerEpochOverflowTest}).
 *
 * <p>The internals differ between client versions, so this class checks the version and every
 * field and method it needs when first used, and fails loudly, naming what it did not find,
 * instead of misbehaving.
 */
final class ProducerInternals {
    /** Client versions whose internals this class was verified against (by the weir-kafka tests). */
    static final Set<String> VERIFIED_CLIENT_VERSIONS = Set.of("4.4.0");

    private static final Field TRANSACTION_MANAGER;
    private static final Field PRODUCER_ID_AND_EPOCH;
    private static final Field TRANSACTION_STARTED;
    private static final Method TRANSITION_TO;
    private static final Field TRANSACTION_V2_ENABLED;
    private static final Field LATEST_FINALIZED_FEATURES_EPOCH;
    private static final Class<?> STATE;
    private static final Class<?> PRODUCER_ID_AND_EPOCH_CLASS;
    private static final Field PID;
    private static final Field EPOCH;

    static {
        String version = clientVersion();
        if (!VERIFIED_CLIENT_VERSIONS.contains(version)) {
            throw new IllegalStateException("weir-kafka's exactly-once sink resumes Kafka transactions through "
                    + "kafka-clients internals verified on " + VERIFIED_CLIENT_VERSIONS + ", but kafka-clients "
                    + version + " is on the classpath: use kafka-clients " + VERIFIED_CLIENT_VERSIONS
                    + " or the AT_LEAST_ONCE delivery guarantee");
        }
        try {
            TRANSACTION_MANAGER = accessible(KafkaProducer.class.getDeclaredField("transactionManager"));
            Class<?> manager = TRANSACTION_MANAGER.getType();
            PRODUCER_ID_AND_EPOCH = accessible(manager.getDeclaredField("producerIdAndEpoch"));
            TRANSACTION_STARTED = accessible(manager.getDeclaredField("transactionStarted"));
            STATE = Class.forName(manager.getName() + "$State");
            TRANSITION_TO = accessible(manager.getDeclaredMethod("transitionTo", STATE));
            TRANSACTION_V2_ENABLED = accessible(manager.getDeclaredField("isTransactionV2Enabled"));
            LATEST_FINALIZED_FEATURES_EPOCH = accessible(manager.getDeclaredField("latestFinalizedFeaturesEpoch"));
            PRODUCER_ID_AND_EPOCH_CLASS = PRODUCER_ID_AND_EPOCH.getType();
            PID = accessible(PRODUCER_ID_AND_EPOCH_CLASS.getDeclaredField("producerId"));
            EPOCH = accessible(PRODUCER_ID_AND_EPOCH_CLASS.getDeclaredField("epoch"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kafka-clients " + version + " does not have the internals weir-kafka's "
                    + "exactly-once sink needs (" + e + "); use the AT_LEAST_ONCE delivery guarantee", e);
        }
    }

    private ProducerInternals() {
    }

    /** The kafka-clients version, from the properties file in its jar. */
    static String clientVersion() {
        try (var in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            java.util.Properties props = new java.util.Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Loads and checks the internals now (at sink start) rather than at the first commit. */
    static void check() {
        // the static initializer did the work
    }

    /** The producer id and epoch of the producer's current transaction (with protocol v2 the epoch grows at every commit). */
    static VersionedKafkaTransaction.IdAndEpoch idAndEpoch(KafkaProducer<?, ?> producer) {
        try {
            Object manager = TRANSACTION_MANAGER.get(producer);
            Object idAndEpoch = PRODUCER_ID_AND_EPOCH.get(manager);
            return new VersionedKafkaTransaction.IdAndEpoch(PID.getLong(idAndEpoch), EPOCH.getShort(idAndEpoch));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the producer id and epoch", e);
        }
    }

    /**
     * The transaction protocol version the producer's current transaction runs with:
     * {@link VersionedKafkaTransaction#TRANSACTION_VERSION_2} if the client uses KIP-890's protocol
     * (which it decides from the cluster's finalized {@code transaction.version} when a transaction
     * begins), else {@link VersionedKafkaTransaction#TRANSACTION_VERSION_1}.
     */
    static byte transactionVersion(KafkaProducer<?, ?> producer) {
        try {
            return TRANSACTION_V2_ENABLED.getBoolean(TRANSACTION_MANAGER.get(producer))
                    ? VersionedKafkaTransaction.TRANSACTION_VERSION_2 : VersionedKafkaTransaction.TRANSACTION_VERSION_1;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the transaction protocol version of the producer", e);
        }
    }

    /**
     * Makes a fresh producer (never initialised) continue the transaction of {@code producerId} and
     * {@code epoch}, written with {@code transactionVersion}, so that {@code commitTransaction()}
     * commits it. The version is pinned: the client would otherwise take it from the cluster's
     * current features, which may have changed since the transaction was written, and a commit in
     * the wrong protocol is answered as if the epoch were wrong.
     */
    static void resume(KafkaProducer<?, ?> producer, long producerId, short epoch, byte transactionVersion) {
        try {
            Object manager = TRANSACTION_MANAGER.get(producer);
            synchronized (manager) {
                TRANSACTION_V2_ENABLED.setBoolean(manager, transactionVersion >= VersionedKafkaTransaction.TRANSACTION_VERSION_2);
                LATEST_FINALIZED_FEATURES_EPOCH.setLong(manager, Long.MAX_VALUE); // no later update from the cluster
                var constructor = PRODUCER_ID_AND_EPOCH_CLASS.getConstructor(long.class, short.class);
                PRODUCER_ID_AND_EPOCH.set(manager, constructor.newInstance(producerId, epoch));
                transition(manager, "INITIALIZING");
                transition(manager, "READY");
                transition(manager, "IN_TRANSACTION");
                TRANSACTION_STARTED.setBoolean(manager, true);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot resume transaction of producer id " + producerId + " epoch " + epoch
                    + " through kafka-clients internals: " + e, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void transition(Object manager, String state) throws ReflectiveOperationException {
        TRANSITION_TO.invoke(manager, Enum.valueOf((Class) STATE, state));
    }

    private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
        member.setAccessible(true);
        return member;
    }
}
