package dev.weir.flink.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.spi.JobSpec;
import dev.weir.connector.DiscardingSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalFlinkClusterTest {

    @Test
    void aLocalClusterIsAJobManagerAndTwoTaskManagerJvmsThatAllStopOnClose() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromData(1, 2, 3).sinkTo(new DiscardingSink<>());
        JobSpec spec = env.getJobSpec();

        LocalFlinkCluster cluster = LocalFlinkCluster.start(spec, 2);
        List<ProcessHandle> processes = cluster.processes();
        Path logs = Path.of(cluster.logLocation());
        try {
            assertEquals(3, processes.size());
            assertEquals(2, cluster.taskManagerPids().size());
            assertTrue(processes.stream().allMatch(ProcessHandle::isAlive));
            String taskManagers = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(cluster.webInterfaceUrl() + "/taskmanagers")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(2, taskManagers.split("\"slotsNumber\"").length - 1, taskManagers);
        } finally {
            cluster.close();
        }

        for (ProcessHandle process : processes) {
            assertFalse(process.isAlive(), "process " + process.pid() + " still runs");
        }
        assertFalse(Files.exists(logs), "the cluster's directory is deleted after a clean stop");
    }
}
