package dev.weir.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Client properties of a source or sink and the admin calls they make, with errors that name the
 * cluster, topic or option, and with secrets kept out of every message Weir prints.
 */
final class KafkaClients {
    /** How long an admin call may take unless {@code default.api.timeout.ms} says otherwise. */
    static final int DEFAULT_ADMIN_TIMEOUT_MS = 30_000;

    private KafkaClients() {
    }

    /** The user's properties with {@code forced} on top (what Weir must control). */
    static Properties properties(String bootstrapServers, Map<String, String> user, Map<String, String> forced) {
        Properties props = new Properties();
        props.putAll(user);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(forced);
        return props;
    }

    /** Whether a property holds a secret: its value never appears in Weir's logs or errors. */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.equals("sasl.jaas.config")
                || k.contains("ssl.key") || k.contains("token") || k.contains("credential");
    }

    /** The properties for a message: secrets replaced by {@code [hidden]}, keys sorted. */
    static String redacted(Map<?, ?> props) {
        Map<String, String> shown = new TreeMap<>();
        props.forEach((k, v) -> shown.put(String.valueOf(k), isSecret(String.valueOf(k)) ? "[hidden]" : String.valueOf(v)));
        return shown.toString();
    }

    static Admin admin(Properties props) {
        Properties adminProps = new Properties();
        adminProps.putAll(props);
        adminProps.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, DEFAULT_ADMIN_TIMEOUT_MS);
        // The admin client refuses a default.api.timeout.ms below request.timeout.ms (default 30 s): a user
        // who shortens the former (to fail fast on a wrong address) means the requests too.
        if (!adminProps.containsKey(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG)) {
            long apiTimeoutMs = adminTimeoutMs(adminProps);
            if (apiTimeoutMs < DEFAULT_ADMIN_TIMEOUT_MS) {
                adminProps.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(apiTimeoutMs));
            }
        }
        // Consumer/producer-only keys would only produce warnings in the admin client's log.
        return Admin.create(only(adminProps, org.apache.kafka.clients.admin.AdminClientConfig.configNames()));
    }

    /**
     * The properties a client of one kind knows: a source's or sink's properties serve several
     * clients (consumer, producer, admin), and unknown keys would only fill their logs with warnings.
     */
    static Properties only(Properties props, java.util.Set<String> known) {
        Properties selected = new Properties();
        props.forEach((k, v) -> {
            if (known.contains(String.valueOf(k))) {
                selected.put(k, v);
            }
        });
        return selected;
    }

    static long adminTimeoutMs(Properties props) {
        Object v = props.get(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG);
        return v == null ? DEFAULT_ADMIN_TIMEOUT_MS : Long.parseLong(v.toString());
    }

    /** Partitions of the topics, sorted by topic then partition; a missing topic is a clear error. */
    static List<TopicPartition> partitionsOf(Admin admin, Collection<String> topics, Properties props) {
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(topics).allTopicNames(), props,
                "describe topics " + topics);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : new java.util.TreeSet<>(topics)) {
            for (TopicPartitionInfo info : descriptions.get(topic).partitions()) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        partitions.sort(java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return partitions;
    }

    /** Waits for an admin result, turning Kafka's failures into errors a user can act on. */
    static <V> V await(org.apache.kafka.common.KafkaFuture<V> future, Properties props, String what) {
        String servers = String.valueOf(props.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        long timeoutMs = adminTimeoutMs(props);
        try {
            return future.get(timeoutMs + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw unreachable(servers, timeoutMs, what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new IllegalArgumentException("cannot " + what + ": a topic does not exist on the Kafka cluster at "
                        + "bootstrap.servers=" + servers + " (" + cause.getMessage()
                        + "); create it first, Weir does not create topics", cause);
            }
            if (cause instanceof TimeoutException) {
                throw unreachable(servers, timeoutMs, what, cause);
            }
            throw new IllegalStateException("cannot " + what + " on the Kafka cluster at bootstrap.servers=" + servers
                    + ": " + cause, cause);
        }
    }

    private static IllegalStateException unreachable(String servers, long timeoutMs, String what, Throwable cause) {
        return new IllegalStateException("cannot reach the Kafka cluster at bootstrap.servers=" + servers + " within "
                + timeoutMs + " ms (to " + what + "): check the address and that the brokers are running", cause);
    }
}
