package dev.weir.flink.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.examples.CountsCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkRunnerClustersTest {

    @Test
    void countsOnTheMiniClusterCommitsEverySeqOnce(@TempDir Path dir) throws Exception {
        JobClient client = CountsProgram.environment(args("mini", dir)).executeAsync();

        JobExecutionResult result = client.awaitResult(Duration.ofMinutes(2));

        assertEquals(JobStatus.FINISHED, result.status(), String.valueOf(result.failureCause()));
        assertEquals(List.of(), CountsCheck.problemsInFiles(dir.resolve("out"), 5000, 10));
        assertFalse(result.completedCheckpoints().isEmpty(), "the final checkpoint commits the output");
    }

    @Test
    void countsOnALocalClusterOfAJobManagerAndTwoTaskManagerJvmsFinishesAndLeavesNoProcessNorFile(@TempDir Path dir) throws Exception {
        JobClient client = CountsProgram.environment(args("local", dir)).executeAsync();
        FlinkJobClient flink = assertInstanceOf(FlinkJobClient.class, client);
        List<ProcessHandle> processes = ((LocalFlinkCluster) flink.cluster()).processes();
        assertEquals(3, processes.size());
        assertEquals(2, flink.cluster().taskManagerPids().size());
        assertTrue(flink.getWebInterfaceURL().startsWith("http://127.0.0.1:"));
        Path logs = Path.of(flink.cluster().logLocation());
        String taskManagers = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(flink.getWebInterfaceURL() + "/taskmanagers")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertEquals(2, taskManagers.split("\"slotsNumber\"").length - 1, taskManagers);

        JobExecutionResult result = client.awaitResult(Duration.ofMinutes(3));

        assertEquals(JobStatus.FINISHED, result.status(), String.valueOf(result.failureCause()));
        assertEquals(List.of(), CountsCheck.problemsInFiles(dir.resolve("out"), 5000, 10));
        for (ProcessHandle process : processes) {
            assertFalse(process.isAlive(), "process " + process.pid() + " of the cluster still runs: "
                    + process.info().commandLine().map(c -> c.substring(Math.max(0, c.length() - 120))).orElse(""));
        }
        assertFalse(Files.exists(logs), "the cluster's directory is deleted after the job finished");
    }

    private static String[] args(String cluster, Path dir) {
        return new String[] {cluster, "5000", "10", dir.resolve("out").toString(), dir.resolve("chk").toString()};
    }
}
