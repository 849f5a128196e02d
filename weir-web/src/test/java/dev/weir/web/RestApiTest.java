package dev.weir.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API against a real running, rate-limited job (see {@link RunningJob}). */
class RestApiTest {
    @TempDir
    static Path dir;
    static RunningJob job;
    static String id;

    @BeforeAll
    static void startJob() throws Exception {
        job = RunningJob.start(dir, "rest-test");
        id = job.id();
        awaitCompletedCheckpoint();
    }

    @AfterAll
    static void stopJob() {
        if (job != null) {
            job.close();
        }
    }

    private static void awaitCompletedCheckpoint() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode c : job.get("/api/jobs/" + id + "/checkpoints").body().get("checkpoints")) {
                if (c.get("status").asText().equals("COMPLETED")) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no checkpoint completed within 20 s");
    }

    @Test
    void everyEndpointAnswersJsonWithTheExpectedFieldsAndLiveValuesThatChangeBetweenTwoPolls() throws Exception {
        JsonNode jobs1 = job.get("/api/jobs").body();
        JsonNode operators1 = job.get("/api/jobs/" + id + "/operators").body();
        JsonNode checkpoints1 = job.get("/api/jobs/" + id + "/checkpoints").body();
        String prometheus1 = job.text("/metrics");
        Thread.sleep(1_500);
        JsonNode jobs2 = job.get("/api/jobs").body();
        JsonNode operators2 = job.get("/api/jobs/" + id + "/operators").body();
        JsonNode checkpoints2 = job.get("/api/jobs/" + id + "/checkpoints").body();
        String prometheus2 = job.text("/metrics");

        JsonNode overview = jobs2.get("jobs").get(0);
        assertEquals("rest-test", overview.get("name").asText());
        assertEquals(32, id.length(), "a job id is 32 hex digits, as Flink's: " + id);
        assertEquals("RUNNING", overview.get("status").asText());
        assertTrue(overview.get("startTime").asLong() > System.currentTimeMillis() - 120_000);
        assertTrue(overview.get("uptimeMs").asLong() > jobs1.get("jobs").get(0).get("uptimeMs").asLong(),
                "uptime grows: " + jobs1 + " then " + jobs2);

        Set<String> uids = new HashSet<>();
        for (JsonNode row : operators2.get("operators")) {
            uids.add(row.get("operatorUid").asText());
            for (String field : List.of("name", "subtask", "numRecordsIn", "numRecordsOut", "numRecordsInPerSecond",
                    "numRecordsOutPerSecond", "busyTimeMsPerSecond", "idleTimeMsPerSecond",
                    "backPressuredTimeMsPerSecond", "currentInputWatermark", "currentOutputWatermark",
                    "numLateRecordsDropped")) {
                assertTrue(row.has(field), "operator row has " + field + ": " + row);
            }
        }
        assertEquals(Set.of("generator", "count", "discard"), uids);
        assertTrue(recordsInto("count", operators2) > recordsInto("count", operators1),
                "records into count grow between polls");
        assertTrue(operators2.get("job").get("numberOfCompletedCheckpoints").asLong() >= 1, operators2.get("job").toString());

        JsonNode graph = job.get("/api/jobs/" + id + "/graph").body();
        assertEquals("rest-test", graph.get("jobName").asText());
        assertEquals(3, graph.get("operators").size(), graph.toString());
        for (JsonNode operator : graph.get("operators")) {
            assertEquals(2, operator.get("parallelism").asInt());
            assertTrue(operator.has("chainedWith") && operator.has("taskId") && operator.has("name"));
        }
        assertTrue(hasEdge(graph, "generator", "count", "HASH"), "the keyBy is a hash edge: " + graph);
        assertTrue(hasEdge(graph, "count", "discard", "CHAINED") || hasEdge(graph, "count", "discard", "FORWARD"),
                graph.toString());

        JsonNode latest = last(checkpoints2.get("checkpoints"));
        for (String field : List.of("id", "kind", "status", "triggerTimestamp", "durationMs", "stateSize",
                "incrementalSize", "alignmentMs")) {
            assertTrue(latest.has(field), "checkpoint has " + field + ": " + latest);
        }
        assertTrue(latest.get("id").asLong() > last(checkpoints1.get("checkpoints")).get("id").asLong(),
                "new checkpoints between polls");

        assertTrue(job.get("/api/jobs/" + id + "/exceptions").body().get("exceptions").isArray());
        assertTrue(prometheus2.contains("# TYPE "), prometheus2);
        assertNotEquals(prometheus1, prometheus2);
    }

    @Test
    void whenTheSavepointDirectoryIsOutsideTheAllowedOne_thenTheRequestIsRefusedNamingTheAllowedDirectory()
            throws Exception {
        RunningJob.Response refused = job.post("/api/jobs/" + id + "/savepoints",
                "{\"target-directory\": \"" + dir.resolve("elsewhere") + "\"}");
        assertEquals(400, refused.status());
        String message = refused.body().get("errors").get(0).asText();
        assertTrue(message.contains(job.savepoints.toAbsolutePath().normalize().toString()), message);

        RunningJob.Response climbing = job.post("/api/jobs/" + id + "/savepoints?target-directory=../elsewhere", null);
        assertEquals(400, climbing.status(), climbing.body().toString());
    }

    @Test
    void aSavepointUnderTheAllowedDirectoryCompletesWithItsPath() throws Exception {
        RunningJob.Response accepted = job.post("/api/jobs/" + id + "/savepoints", "{\"target-directory\": \"sp-1\"}");
        assertEquals(202, accepted.status(), accepted.body().toString());
        JsonNode status = job.awaitSavepoint(accepted.body().get("status-url").asText());
        assertEquals("COMPLETED", status.get("status").asText(), status.toString());
        Path location = Path.of(status.get("location").asText());
        assertTrue(location.startsWith(job.savepoints.resolve("sp-1")), location.toString());
        assertTrue(Files.isDirectory(location), location + " exists");
    }

    @Test
    void unknownJobsPathsAndMethodsAreAnsweredWithJsonErrors() throws Exception {
        RunningJob.Response noJob = job.get("/api/jobs/0123456789abcdef0123456789abcdef/graph");
        assertEquals(404, noJob.status());
        assertTrue(noJob.body().get("errors").get(0).asText().contains(id), noJob.body().toString());
        assertEquals(405, job.post("/api/jobs/" + id + "/graph", "{}").status());
        assertEquals(400, job.post("/api/jobs/" + id + "/savepoints", "not json").status());
        RunningJob.Response otherSite = job.post("/api/jobs/" + id + "/stop", null, "http://example.com");
        assertEquals(403, otherSite.status(), otherSite.body().toString());
        assertEquals("RUNNING", job.get("/api/jobs/" + id).body().get("status").asText());
    }

    @Test
    void whenThePortIsBusy_thenTheNextIsTaken() {
        try (WebServer second = WebServer.start(job.client, DashboardOptions.defaults().withPort(job.web.port()))) {
            assertTrue(second.port() > job.web.port() && second.port() < job.web.port() + 20, "port " + second.port());
            assertEquals("127.0.0.1", second.url().getHost());
        }
    }

    @Test
    void stopWithSavepointEndsTheJobFinishedAndAnswersTheSavepointPath(@TempDir Path own) throws Exception {
        try (RunningJob stopped = RunningJob.start(own, "stop-test")) {
            String stoppedId = stopped.id();
            Thread.sleep(500);
            RunningJob.Response accepted = stopped.post("/api/jobs/" + stoppedId + "/stop", "{\"targetDirectory\": \"final\"}");
            assertEquals(202, accepted.status(), accepted.body().toString());
            JsonNode status = stopped.awaitSavepoint(accepted.body().get("status-url").asText());
            assertEquals("COMPLETED", status.get("status").asText(), status.toString());
            assertTrue(Path.of(status.get("location").asText()).startsWith(stopped.savepoints.resolve("final")));
            JobExecutionResult result = stopped.client.awaitResult(Duration.ofSeconds(20));
            assertEquals(JobStatus.FINISHED, result.status());
            assertEquals("FINISHED", stopped.get("/api/jobs").body().get("jobs").get(0).get("status").asText());
        }
    }

    @Test
    void aFailureShowsInTheExceptionsWithItsMessageAndStackTrace(@TempDir Path own) throws Exception {
        try (RunningJob failing = RunningJob.start(own, "failing-test", true)) {
            String failingId = failing.id();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode exceptions = failing.get("/api/jobs/" + failingId + "/exceptions").body().get("exceptions");
            while (exceptions.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                exceptions = failing.get("/api/jobs/" + failingId + "/exceptions").body().get("exceptions");
            }
            assertEquals(1, exceptions.size(), exceptions.toString());
            JsonNode failure = exceptions.get(0);
            assertTrue(failure.get("message").asText().contains("injected failure at the 500th record"), failure.toString());
            // The runtime names the operator and subtask in the message; the fields are filled where it knows them.
            assertTrue(failure.get("message").asText().contains("uid 'count'"), failure.toString());
            assertTrue(failure.has("operator") && failure.has("subtask"), failure.toString());
            assertTrue(failure.get("stackTrace").asText().contains("RunningCount.processElement"), failure.toString());
            assertTrue(failure.get("timestamp").asLong() > System.currentTimeMillis() - 60_000);
            assertEquals(1, awaitRestarts(failing, failingId), "the job restarted once");
        }
    }

    private static long awaitRestarts(RunningJob running, String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long restarts;
        do {
            restarts = running.get("/api/jobs/" + jobId + "/operators").body().get("job").get("numRestarts").asLong();
            Thread.sleep(50);
        } while (restarts == 0 && System.nanoTime() < deadline);
        return restarts;
    }

    private static long recordsInto(String uid, JsonNode operators) {
        long sum = 0;
        for (JsonNode row : operators.get("operators")) {
            if (row.get("operatorUid").asText().equals(uid)) {
                sum += row.get("numRecordsIn").asLong();
            }
        }
        return sum;
    }

    private static boolean hasEdge(JsonNode graph, String from, String to, String partitioning) {
        for (JsonNode edge : graph.get("edges")) {
            if (edge.get("from").asText().equals(from) && edge.get("to").asText().equals(to)
                    && edge.get("partitioning").asText().equals(partitioning)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode last(JsonNode array) {
        assertTrue(array.size() > 0, "not empty: " + array);
        return array.get(array.size() - 1);
    }
}
