package dev.weir.kafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessTest {

    @TempDir
    Path dir;

    @Test
    void whenKilledAndStartedAgain_thenCommittedRecordsAreStillThere() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir)) {
            String bootstrap = broker.bootstrapServers();
            assertTrue(bootstrap.matches("127\\.0\\.0\\.1:\\d+"), bootstrap);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("survives", 1, (short) 1))).all().get();
            }
            TestClients.writeCommitted(bootstrap, "survives", List.of("before-1", "before-2"));
            // The commit markers land a moment after "committed": wait for them, so the kill tests the data's
            // survival (markers still missing at a kill are completed by the restarted coordinator, at its pace).
            KafkaTestClients.awaitNoOpenTransactions(bootstrap, "survives");
            long firstPid = broker.pid();

            broker.kill();

            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
            broker.startAgain();
            assertNotEquals(firstPid, broker.pid());
            assertEquals(bootstrap, broker.bootstrapServers());
            assertEquals(List.of("before-1", "before-2"), TestClients.readCommitted(bootstrap, "survives"));
            TestClients.writeCommitted(bootstrap, "survives", List.of("after"));
            assertEquals(List.of("before-1", "before-2", "after"), TestClients.readCommitted(bootstrap, "survives"));

            long secondPid = broker.pid();
            broker.stop();
            assertFalse(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(Files.readString(dir.resolve("broker.log")).contains("ready bootstrap.servers=" + bootstrap));
        }
    }

    @Test
    void whenTheChildCannotStart_thenTheErrorNamesItsLogFile() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KafkaBrokerProcess.start(dir, Map.of("node.id", "not-a-number")));

        assertTrue(e.getMessage().contains(dir.resolve("broker.log").toString()), e.getMessage());
    }
}
