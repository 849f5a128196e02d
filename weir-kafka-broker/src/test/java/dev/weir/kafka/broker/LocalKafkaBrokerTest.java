package dev.weir.kafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void whenStarted_thenItListensOnLoopbackAndCreatesTopics() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertTrue(broker.bootstrapServers().matches("127\\.0\\.0\\.1:\\d+"), broker.bootstrapServers());

            broker.createTopic("events", 3);

            assertEquals(3, admin.describeTopics(List.of("events")).allTopicNames().get()
                    .get("events").partitions().size());
            admin.describeCluster().nodes().get()
                    .forEach(node -> assertEquals("127.0.0.1", node.host(), "advertised host"));
        }
    }

    @Test
    void aReadCommittedConsumerSeesCommittedTransactionsOnly() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir)) {
            broker.createTopic("orders", 1);

            TestClients.writeCommitted(broker.bootstrapServers(), "orders", List.of("a", "b"));
            TestClients.writeAborted(broker.bootstrapServers(), "orders", List.of("lost"));
            TestClients.writeCommitted(broker.bootstrapServers(), "orders", List.of("c"));

            assertEquals(List.of("a", "b", "c"), TestClients.readCommitted(broker.bootstrapServers(), "orders"));
        }
    }

    @Test
    void whenRestarted_thenItServesTheSameTopicsAndRecordsOnTheSamePort() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir, Map.of("num.network.threads", "1"))) {
            String bootstrap = broker.bootstrapServers();
            broker.createTopic("kept", 2);
            TestClients.writeCommitted(bootstrap, "kept", List.of("x", "y"));

            broker.restart();

            assertEquals(bootstrap, broker.bootstrapServers());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertTrue(admin.listTopics().names().get().containsAll(Set.of("kept")));
            }
            assertEquals(List.of("x", "y"), TestClients.readCommitted(bootstrap, "kept"));
            TestClients.writeCommitted(bootstrap, "kept", List.of("z"));
            assertEquals(List.of("x", "y", "z"), TestClients.readCommitted(bootstrap, "kept"));
        }
    }

    @Test
    void whenStartedOnAStoppedBrokersDirectory_thenItKeepsItsData() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir)) {
            broker.createTopic("old", 1);
            TestClients.writeCommitted(broker.bootstrapServers(), "old", List.of("1"));
        }
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir)) {
            assertEquals(List.of("1"), TestClients.readCommitted(broker.bootstrapServers(), "old"));
        }
    }
}
