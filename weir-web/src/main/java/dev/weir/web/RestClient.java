package dev.weir.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client of {@link WebServer}'s REST API, for the {@code weir savepoint} and {@code weir stop}
 * commands: finds the job, asks for a savepoint (or a stop with one) and waits for its path. Used from
 * one thread.
 */
public final class RestClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param url the dashboard's address as {@code weir run} printed it, e.g. {@code http://127.0.0.1:8081} */
    public RestClient(URI url) {
        String s = url.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
    }

    /** The id of the job the server runs (the only one, or the one named {@code jobId} when given). */
    public String jobId(String jobId) throws IOException, InterruptedException {
        JsonNode jobs = send(HttpRequest.newBuilder(base.resolve("api/jobs")).GET().build(), 200).get("jobs");
        if (jobs == null || jobs.isEmpty()) {
            throw new IOException(base + " runs no job");
        }
        for (JsonNode job : jobs) {
            if (jobId == null || job.get("id").asText().equals(jobId)) {
                return job.get("id").asText();
            }
        }
        throw new IOException("no job " + jobId + " at " + base + ": it runs " + jobs);
    }

    /**
     * Takes a savepoint into {@code directory} (null: the server's savepoint directory; relative: under
     * it) and waits for it; with {@code stop} the job then ends FINISHED.
     *
     * @return the savepoint's path
     * @throws IOException the server refused (the message is the server's, e.g. the allowed directory),
     *                     the savepoint failed, or it did not complete within {@code timeout}
     */
    public String savepoint(String jobId, String directory, boolean stop, Duration timeout)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(stop ? "targetDirectory" : "target-directory", directory);
        String path = "api/jobs/" + jobId + (stop ? "/stop" : "/savepoints");
        JsonNode accepted = send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(), 202);
        URI status = base.resolve(accepted.get("status-url").asText().replaceFirst("^/", ""));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode state = send(HttpRequest.newBuilder(status).GET().build(), 200);
            switch (state.get("status").asText()) {
                case "COMPLETED":
                    return state.get("location").asText();
                case "FAILED":
                    throw new IOException((stop ? "stop with savepoint" : "savepoint") + " failed: "
                            + state.get("failure").asText());
                default:
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the savepoint did not complete within " + timeout.toSeconds()
                                + " s; it may still: poll " + status);
                    }
                    Thread.sleep(200);
            }
        }
    }

    private JsonNode send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("cannot connect to " + base + ": is the job running, and is that the URL "
                    + "'weir run' printed after 'dashboard:'?", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException(request.uri() + " did not answer JSON (HTTP " + response.statusCode()
                    + "): is it a Weir dashboard?", e);
        }
        if (response.statusCode() != expected) {
            JsonNode errors = body.get("errors");
            throw new IOException(errors != null && !errors.isEmpty() ? errors.get(0).asText()
                    : request.uri() + " answered HTTP " + response.statusCode() + ": " + body);
        }
        return body;
    }
}
